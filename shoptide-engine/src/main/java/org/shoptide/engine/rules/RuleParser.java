package org.shoptide.engine.rules;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.engine.json.MiniJson;

/**
 * Validates rule sets given as JSON and writes their canonical JSON. Every problem of every rule is reported, each as a
 * {@link Violation} whose index is the rule's position in the array and whose field names the member at fault; an
 * invalid set is rejected as a whole.
 *
 * <pre>
 * {"type":"include"|"exclude", "category":"Garden", "brand":"Acme", "attribute":{"name":"color","value":"red"},
 *  "minPrice":1, "maxPrice":20}                               (at least one condition)
 * {"type":"boost"|"bury", "when":"brand == \"Acme\" &amp;&amp; price &lt; 20", "factor":1.5}
 * {"type":"pin", "itemId":"A1", "position":1}                 (1..100; "scenario" or "scenarios" optional)
 * {"type":"cap", "field":"category"|"brand", "max":2}
 * {"type":"rotation", "afterImpressions":5, "restMinutes":60}
 * {"type":"inStockOnly"}
 * </pre>
 *
 * Every rule may carry {@code "scenarios":["user","item","cart","trending"]}.
 */
public final class RuleParser {
    public static final int MAX_RULES = 500;
    public static final int MAX_PIN_POSITION = 100;
    static final double DEFAULT_BOOST = 2;
    static final double DEFAULT_BURY = 0.5;
    private static final double MAX_BOOST = 1000;
    private static final int MAX_TEXT = 256;
    private static final int MAX_REST_MINUTES = 60 * 24 * 365;
    private static final Set<String> COMMON = Set.of("type", "scenarios");
    private static final Map<String, Set<String>> MEMBERS = Map.of("include",
            Set.of("category", "brand", "attribute", "minPrice", "maxPrice"), "exclude",
            Set.of("category", "brand", "attribute", "minPrice", "maxPrice"), "boost", Set.of("when", "factor"), "bury",
            Set.of("when", "factor"), "pin", Set.of("itemId", "position", "scenario"), "cap", Set.of("field", "max"),
            "rotation", Set.of("afterImpressions", "restMinutes"), "inStockOnly", Set.of(), "withinBudget", Set.of());
    private static final String TYPES = "include, exclude, boost, bury, pin, cap, rotation, inStockOnly, withinBudget";

    private RuleParser() {
    }

    /**
     * Parses a JSON array of rules, or an object {@code {"rules": [...]}}; throws {@link ValidationException} listing
     * every problem.
     */
    public static List<Rule> parse(String json) {
        Object tree;
        try {
            tree = MiniJson.parse(json);
        } catch (MiniJson.SyntaxException e) {
            throw ValidationException.of("rules", "the rules are not valid JSON: " + e.getMessage());
        }
        return parse(tree);
    }

    /** Parses an already parsed JSON tree (see {@link MiniJson}). */
    public static List<Rule> parse(Object tree) {
        if (tree instanceof Map<?, ?> m && m.containsKey("rules")) {
            if (m.size() > 1) {
                throw ValidationException.of("rules", "a rule set is {\"rules\": [...]}; unknown members next to it");
            }
            tree = m.get("rules");
        }
        if (!(tree instanceof List<?> list)) {
            throw ValidationException.of("rules", "rules must be an array of rule objects");
        }
        if (list.size() > MAX_RULES) {
            throw ValidationException.of("rules", "at most " + MAX_RULES + " rules, got " + list.size());
        }
        List<Violation> v = new ArrayList<>();
        List<Rule> out = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            int before = v.size();
            Rule r = rule(i, list.get(i), v);
            if (r != null && v.size() == before) {
                out.add(r);
                indexes.add(i);
            }
        }
        checkPins(out, indexes, v);
        if (!v.isEmpty()) {
            throw new ValidationException(v.size() + " problem(s) in the rules; nothing was stored", v);
        }
        return List.copyOf(out);
    }

    private static Rule rule(int i, Object node, List<Violation> v) {
        if (!(node instanceof Map<?, ?> raw)) {
            v.add(new Violation(i, "", "a rule must be a JSON object with a \"type\""));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        Object typeNode = m.get("type");
        if (!(typeNode instanceof String type) || !MEMBERS.containsKey(type)) {
            v.add(new Violation(i, "type",
                    "type must be one of " + TYPES + (typeNode == null ? "" : ", got " + typeNode)));
            return null;
        }
        for (String k : m.keySet()) {
            if (!COMMON.contains(k) && !MEMBERS.get(type).contains(k)) {
                v.add(new Violation(i, k, "unknown member of a " + type + " rule; allowed: "
                        + String.join(", ", new TreeSet<>(MEMBERS.get(type)))));
            }
        }
        Set<Scenario> scenarios = scenarios(i, m, v);
        return switch (type) {
            case "include", "exclude" -> filter(i, type.equals("include"), m, scenarios, v);
            case "boost", "bury" -> reweight(i, type.equals("boost"), m, scenarios, v);
            case "pin" -> {
                String itemId = text(i, m, "itemId", true, v);
                Integer position = integer(i, m, "position", 1, MAX_PIN_POSITION, true, v);
                yield itemId == null || position == null ? null : new Rule.Pin(itemId, position, scenarios);
            }
            case "cap" -> {
                String field = text(i, m, "field", true, v);
                Rule.CapField f = null;
                if (field != null) {
                    if (field.equals("category") || field.equals("brand")) {
                        f = Rule.CapField.valueOf(field.toUpperCase(Locale.ROOT));
                    } else {
                        v.add(new Violation(i, "field", "field must be category or brand, got " + field));
                    }
                }
                Integer max = integer(i, m, "max", 1, MAX_PIN_POSITION, true, v);
                yield f == null || max == null ? null : new Rule.Cap(f, max, scenarios);
            }
            case "rotation" -> {
                Integer after = integer(i, m, "afterImpressions", 1, 1000, true, v);
                Integer rest = integer(i, m, "restMinutes", 1, MAX_REST_MINUTES, true, v);
                yield after == null || rest == null ? null : new Rule.Rotation(after, rest, scenarios);
            }
            case "withinBudget" -> new Rule.WithinBudget(scenarios);
            default -> new Rule.InStockOnly(scenarios);
        };
    }

    private static Rule filter(int i, boolean include, Map<String, Object> m, Set<Scenario> scenarios,
            List<Violation> v) {
        String category = text(i, m, "category", false, v);
        String brand = text(i, m, "brand", false, v);
        String attrName = null;
        String attrValue = null;
        if (m.containsKey("attribute")) {
            if (m.get("attribute") instanceof Map<?, ?> a) {
                @SuppressWarnings("unchecked")
                Map<String, Object> am = (Map<String, Object>) a;
                attrName = text(i, am, "name", true, v, "attribute.name");
                attrValue = text(i, am, "value", true, v, "attribute.value");
                for (String k : am.keySet()) {
                    if (!k.equals("name") && !k.equals("value")) {
                        v.add(new Violation(i, "attribute." + k, "unknown member; an attribute is {name, value}"));
                    }
                }
            } else {
                v.add(new Violation(i, "attribute", "attribute must be an object {\"name\": ..., \"value\": ...}"));
            }
        }
        Double min = number(i, m, "minPrice", v);
        Double max = number(i, m, "maxPrice", v);
        if (min != null && min < 0) {
            v.add(new Violation(i, "minPrice", "minPrice must be >= 0"));
        }
        if (max != null && max < 0) {
            v.add(new Violation(i, "maxPrice", "maxPrice must be >= 0"));
        }
        if (min != null && max != null && min > max) {
            v.add(new Violation(i, "minPrice",
                    "minPrice (" + fmt(min) + ") must not exceed maxPrice (" + fmt(max) + ")"));
        }
        if (category == null && brand == null && attrName == null && min == null && max == null
                && !m.containsKey("attribute")) {
            v.add(new Violation(i, "type", (include ? "include" : "exclude")
                    + " needs at least one of category, brand, attribute, minPrice, maxPrice"));
            return null;
        }
        if (attrName == null && m.containsKey("attribute")) {
            return null;
        }
        return new Rule.Filter(include, category, brand, attrName, attrValue, min, max, scenarios);
    }

    private static Rule reweight(int i, boolean boost, Map<String, Object> m, Set<Scenario> scenarios,
            List<Violation> v) {
        String when = text(i, m, "when", true, v, "when", ExpressionParser.MAX_LENGTH);
        Expression expr = null;
        if (when != null) {
            try {
                expr = Expression.parse(when);
            } catch (ExpressionParser.ExpressionException e) {
                v.add(new Violation(i, "when", "invalid expression " + e.getMessage()));
            }
        }
        Double factor = number(i, m, "factor", v);
        if (factor == null && !m.containsKey("factor")) {
            factor = boost ? DEFAULT_BOOST : DEFAULT_BURY;
        }
        if (factor != null) {
            if (boost && !(factor > 1 && factor <= MAX_BOOST)) {
                v.add(new Violation(i, "factor",
                        "a boost factor must be > 1 and <= " + fmt(MAX_BOOST) + ", got " + fmt(factor)));
            } else if (!boost && !(factor > 0 && factor < 1)) {
                v.add(new Violation(i, "factor", "a bury factor must be > 0 and < 1, got " + fmt(factor)));
            }
        }
        return expr == null || factor == null ? null : new Rule.Reweight(boost, expr, factor, scenarios);
    }

    private static Set<Scenario> scenarios(int i, Map<String, Object> m, List<Violation> v) {
        List<Object> names = new ArrayList<>();
        if (m.containsKey("scenarios")) {
            if (m.get("scenarios") instanceof List<?> l && !l.isEmpty()) {
                names.addAll(l);
            } else {
                v.add(new Violation(i, "scenarios",
                        "scenarios must be a non-empty array of user, item, cart, trending"));
            }
        }
        if (m.containsKey("scenario")) {
            if (m.containsKey("scenarios")) {
                v.add(new Violation(i, "scenario", "give scenario or scenarios, not both"));
            }
            names.add(m.get("scenario"));
        }
        Set<Scenario> out = EnumSet.noneOf(Scenario.class);
        for (Object n : names) {
            Scenario s = n instanceof String str ? scenario(str) : null;
            if (s == null) {
                v.add(new Violation(i, m.containsKey("scenarios") ? "scenarios" : "scenario",
                        "unknown scenario " + n + "; use user, item, cart or trending"));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** The scenario with this wire name, or null. */
    public static Scenario scenario(String name) {
        for (Scenario s : Scenario.values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** Two pins of one item, or two at the same position, for a common scenario are contradictions. */
    private static void checkPins(List<Rule> rules, List<Integer> indexes, List<Violation> v) {
        for (int a = 0; a < rules.size(); a++) {
            if (!(rules.get(a) instanceof Rule.Pin p)) {
                continue;
            }
            for (int b = 0; b < a; b++) {
                if (rules.get(b) instanceof Rule.Pin q && overlap(p.scenarios(), q.scenarios())) {
                    if (q.itemId().equals(p.itemId())) {
                        v.add(new Violation(indexes.get(a), "itemId", "item " + p.itemId()
                                + " is already pinned by rule " + indexes.get(b) + " for the same scenario"));
                    } else if (q.position() == p.position()) {
                        v.add(new Violation(indexes.get(a), "position", "position " + p.position()
                                + " is already pinned by rule " + indexes.get(b) + " for the same scenario"));
                    }
                }
            }
        }
    }

    private static boolean overlap(Set<Scenario> a, Set<Scenario> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        for (Scenario s : a) {
            if (b.contains(s)) {
                return true;
            }
        }
        return false;
    }

    private static String text(int i, Map<String, Object> m, String key, boolean required, List<Violation> v) {
        return text(i, m, key, required, v, key);
    }

    private static String text(int i, Map<String, Object> m, String key, boolean required, List<Violation> v,
            String field) {
        return text(i, m, key, required, v, field, MAX_TEXT);
    }

    private static String text(int i, Map<String, Object> m, String key, boolean required, List<Violation> v,
            String field, int maxLength) {
        Object o = m.get(key);
        if (o == null) {
            if (required) {
                v.add(new Violation(i, field, field + " is required"));
            }
            return null;
        }
        if (!(o instanceof String s) || s.isBlank()) {
            v.add(new Violation(i, field, field + " must be a non-empty string"));
            return null;
        }
        if (s.length() > maxLength) {
            v.add(new Violation(i, field, field + " is longer than " + maxLength + " characters"));
            return null;
        }
        return s;
    }

    private static Double number(int i, Map<String, Object> m, String key, List<Violation> v) {
        Object o = m.get(key);
        if (o == null) {
            return null;
        }
        if (!(o instanceof Double d)) {
            v.add(new Violation(i, key, key + " must be a number"));
            return null;
        }
        return d;
    }

    private static Integer integer(int i, Map<String, Object> m, String key, int min, int max, boolean required,
            List<Violation> v) {
        Object o = m.get(key);
        if (o == null) {
            if (required) {
                v.add(new Violation(i, key, key + " is required"));
            }
            return null;
        }
        if (!(o instanceof Double d) || d != Math.rint(d) || d < min || d > max) {
            v.add(new Violation(i, key, key + " must be a whole number from " + min + " to " + max + ", got " + o));
            return null;
        }
        return d.intValue();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** The canonical JSON array of {@code rules} (what is stored and returned by the API). */
    public static String canonical(List<Rule> rules) {
        List<Object> out = new ArrayList<>();
        for (Rule r : rules) {
            out.add(toJson(r));
        }
        return MiniJson.write(out);
    }

    /** One rule as a JSON-ready map, {@code type} first. */
    public static Map<String, Object> toJson(Rule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", r.type());
        switch (r) {
            case Rule.Filter f -> {
                putIfSet(m, "category", f.category());
                putIfSet(m, "brand", f.brand());
                if (f.attributeName() != null) {
                    Map<String, Object> a = new LinkedHashMap<>();
                    a.put("name", f.attributeName());
                    a.put("value", f.attributeValue());
                    m.put("attribute", a);
                }
                putIfSet(m, "minPrice", f.minPrice());
                putIfSet(m, "maxPrice", f.maxPrice());
            }
            case Rule.Reweight w -> {
                m.put("when", w.when().source());
                m.put("factor", w.factor());
            }
            case Rule.Pin p -> {
                m.put("itemId", p.itemId());
                m.put("position", (double) p.position());
            }
            case Rule.Cap c -> {
                m.put("field", c.field().wireName());
                m.put("max", (double) c.max());
            }
            case Rule.Rotation ro -> {
                m.put("afterImpressions", (double) ro.afterImpressions());
                m.put("restMinutes", (double) ro.restMinutes());
            }
            case Rule.InStockOnly s -> {
            }
            case Rule.WithinBudget b -> {
            }
        }
        if (!r.scenarios().isEmpty()) {
            List<Object> names = new ArrayList<>();
            for (Scenario s : Scenario.values()) {
                if (r.scenarios().contains(s)) {
                    names.add(s.wireName());
                }
            }
            m.put("scenarios", names);
        }
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
