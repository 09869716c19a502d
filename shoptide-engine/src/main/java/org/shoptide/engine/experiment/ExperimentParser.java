package org.shoptide.engine.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.shoptide.core.experiment.ExperimentStatus;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.engine.json.MiniJson;
import org.shoptide.engine.rules.RuleParser;

/**
 * Validates experiment definitions (JSON) and writes their canonical JSON. All problems are reported at once, each
 * naming its field ({@code variants[1].weight}, {@code variants[0].rules[2].factor}).
 */
public final class ExperimentParser {
    public static final int MAX_VARIANTS = 10;
    /** Metric names accepted as guardrails. */
    public static final List<String> GUARDRAILS = List.of("ctr", "conversion", "aov", "revenuePerVisitor",
            "attributedRevenuePerVisitor");
    private static final Pattern VARIANT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final Set<String> TOP = Set.of("name", "unit", "scenario", "variants", "guardrails",
            "explorationRate");
    private static final Set<String> VARIANT = Set.of("name", "weight", "model", "rules", "params");
    private static final double MAX_WEIGHT = 1e6;

    private ExperimentParser() {
    }

    /**
     * Parses a definition into a draft experiment.
     *
     * @param sources
     *            the candidate sources the recommender knows ({@code als}, {@code popular}, ...), valid as models and
     *            as keys of {@code params.weights}
     */
    public static Experiment parse(String json, Set<String> sources, String id, Instant createdAt) {
        Object tree;
        try {
            tree = MiniJson.parse(json);
        } catch (MiniJson.SyntaxException e) {
            throw ValidationException.of("", "the experiment is not valid JSON: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?> raw)) {
            throw ValidationException.of("", "an experiment is a JSON object {name, unit, scenario, variants, ...}");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) raw;
        List<Violation> v = new ArrayList<>();
        for (String k : m.keySet()) {
            if (!TOP.contains(k)) {
                v.add(new Violation(-1, k, "unknown member; allowed: " + String.join(", ", new TreeSet<>(TOP))));
            }
        }
        String name = string(m, "name", "name", v);
        if (name != null && name.length() > 200) {
            v.add(new Violation(-1, "name", "name must be at most 200 characters"));
        }
        Object unit = m.getOrDefault("unit", "user");
        if (!"user".equals(unit)) {
            v.add(new Violation(-1, "unit",
                    "unit must be \"user\" (the userId when the request has one, else the anonymousId), got " + unit));
        }
        Scenario scenario = null;
        String scenarioName = string(m, "scenario", "scenario", v);
        if (scenarioName != null) {
            scenario = RuleParser.scenario(scenarioName);
            if (scenario == null) {
                v.add(new Violation(-1, "scenario", "scenario must be user, item, cart or trending"));
            }
        }
        List<Experiment.Variant> variants = variants(m.get("variants"), sources, v);
        List<String> guardrails = new ArrayList<>();
        Object g = m.get("guardrails");
        if (g != null) {
            if (!(g instanceof List<?> gl)) {
                v.add(new Violation(-1, "guardrails", "guardrails must be an array of metric names"));
            } else {
                for (int i = 0; i < gl.size(); i++) {
                    Object name0 = gl.get(i);
                    if (!(name0 instanceof String s) || !GUARDRAILS.contains(s)) {
                        v.add(new Violation(-1, "guardrails[" + i + "]",
                                "guardrail must be one of " + String.join(", ", GUARDRAILS) + ", got " + name0));
                    } else if (!guardrails.contains(s)) {
                        guardrails.add(s);
                    }
                }
            }
        }
        double exploration = 0;
        Object er = m.get("explorationRate");
        if (er != null) {
            if (!(er instanceof Double d) || d < 0 || d > 0.5) {
                v.add(new Violation(-1, "explorationRate", "explorationRate must be a number from 0 to 0.5"));
            } else {
                exploration = d;
            }
        }
        if (!v.isEmpty()) {
            throw new ValidationException("the experiment is invalid; nothing was stored", v);
        }
        return new Experiment(id, name, ExperimentStatus.DRAFT, scenario, "user", variants, guardrails, exploration,
                createdAt, null, null);
    }

    private static List<Experiment.Variant> variants(Object node, Set<String> sources, List<Violation> v) {
        List<Experiment.Variant> out = new ArrayList<>();
        if (!(node instanceof List<?> list) || list.size() < 2 || list.size() > MAX_VARIANTS) {
            v.add(new Violation(-1, "variants",
                    "variants must be an array of 2 to " + MAX_VARIANTS + " variants; the first is the control"));
            if (!(node instanceof List<?> l) || l.size() > MAX_VARIANTS) {
                return out;
            }
        }
        List<?> list = (List<?>) node; // also check the variants of a list that is too short
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String p = "variants[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> raw)) {
                v.add(new Violation(-1, p, "a variant is an object {name, weight, model, rules, params}"));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> vm = (Map<String, Object>) raw;
            int before = v.size();
            for (String k : vm.keySet()) {
                if (!VARIANT.contains(k)) {
                    v.add(new Violation(-1, p + "." + k,
                            "unknown member; allowed: " + String.join(", ", new TreeSet<>(VARIANT))));
                }
            }
            String name = string(vm, "name", p + ".name", v);
            if (name != null && !VARIANT_NAME.matcher(name).matches()) {
                v.add(new Violation(-1, p + ".name", "a variant name is 1 to 64 letters, digits, '-' or '_'"));
            } else if (name != null && !names.add(name)) {
                v.add(new Violation(-1, p + ".name", "duplicate variant name '" + name + "'"));
            }
            double weight = 1;
            if (vm.containsKey("weight")) {
                if (!(vm.get("weight") instanceof Double w) || !(w > 0) || w > MAX_WEIGHT) {
                    v.add(new Violation(-1, p + ".weight", "weight must be a number > 0 and <= 1000000"));
                } else {
                    weight = w;
                }
            }
            String model = "blend";
            if (vm.containsKey("model")) {
                Object mo = vm.get("model");
                if (!(mo instanceof String s) || !(s.equals("blend") || sources.contains(s))) {
                    v.add(new Violation(-1, p + ".model", "model must be blend or one of "
                            + String.join(", ", new TreeSet<>(sources)) + ", got " + mo));
                } else {
                    model = s;
                }
            }
            String rules = null;
            Object r = vm.get("rules");
            if (r != null) {
                try {
                    rules = RuleParser.canonical(RuleParser.parse(r));
                } catch (ValidationException e) {
                    for (Violation rv : e.violations()) {
                        String field = rv.index() < 0 ? p + ".rules"
                                : p + ".rules[" + rv.index() + "]" + (rv.field().isEmpty() ? "" : "." + rv.field());
                        v.add(new Violation(-1, field, rv.message()));
                    }
                }
            }
            Map<String, Double> weights = new LinkedHashMap<>();
            Integer n = null;
            Object params = vm.get("params");
            if (params != null) {
                if (!(params instanceof Map<?, ?> pm)) {
                    v.add(new Violation(-1, p + ".params", "params must be an object {weights, n}"));
                } else {
                    for (Map.Entry<?, ?> e : pm.entrySet()) {
                        String k = String.valueOf(e.getKey());
                        switch (k) {
                            case "weights" -> {
                                if (!(e.getValue() instanceof Map<?, ?> wm)) {
                                    v.add(new Violation(-1, p + ".params.weights",
                                            "weights must be an object source -> number"));
                                } else {
                                    for (Map.Entry<?, ?> we : wm.entrySet()) {
                                        String src = String.valueOf(we.getKey());
                                        String f = p + ".params.weights." + src;
                                        if (!sources.contains(src)) {
                                            v.add(new Violation(-1, f, "unknown source; sources: "
                                                    + String.join(", ", new TreeSet<>(sources))));
                                        } else if (!(we.getValue() instanceof Double d) || d < 0 || d > 1000) {
                                            v.add(new Violation(-1, f, "a blend weight is a number from 0 to 1000"));
                                        } else {
                                            weights.put(src, d);
                                        }
                                    }
                                }
                            }
                            case "n" -> {
                                if (!(e.getValue() instanceof Double d) || d != Math.rint(d) || d < 1 || d > 100) {
                                    v.add(new Violation(-1, p + ".params.n", "n must be a whole number from 1 to 100"));
                                } else {
                                    n = d.intValue();
                                }
                            }
                            default ->
                                    v.add(new Violation(-1, p + ".params." + k, "unknown parameter; use weights or n"));
                        }
                    }
                }
            }
            if (v.size() == before && name != null) {
                out.add(new Experiment.Variant(name, weight, model, rules, weights, n));
            }
        }
        return out;
    }

    private static String string(Map<String, Object> m, String key, String field, List<Violation> v) {
        Object o = m.get(key);
        if (o == null) {
            v.add(new Violation(-1, field, field + " is required"));
            return null;
        }
        if (!(o instanceof String s) || s.isBlank()) {
            v.add(new Violation(-1, field, field + " must be a non-empty string"));
            return null;
        }
        return s;
    }

    /** The canonical JSON definition of an experiment (what is stored; ids, status and times are stored beside it). */
    public static String canonical(Experiment e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", e.name());
        m.put("unit", e.unit());
        m.put("scenario", e.scenario().wireName());
        List<Object> vs = new ArrayList<>();
        for (Experiment.Variant v : e.variants()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("name", v.name());
            vm.put("weight", v.weight());
            vm.put("model", v.model());
            vm.put("rules", v.rules() == null ? null : MiniJson.parse(v.rules()));
            Map<String, Object> params = new LinkedHashMap<>();
            if (!v.weights().isEmpty()) {
                params.put("weights", new LinkedHashMap<>(v.weights()));
            }
            if (v.n() != null) {
                params.put("n", (double) v.n());
            }
            vm.put("params", params);
            vs.add(vm);
        }
        m.put("variants", vs);
        m.put("guardrails", e.guardrails());
        m.put("explorationRate", e.explorationRate());
        return MiniJson.write(m);
    }
}
