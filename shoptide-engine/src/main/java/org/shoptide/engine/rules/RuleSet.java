package org.shoptide.engine.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.catalog.Item;
import org.shoptide.engine.api.Scenario;

/**
 * A validated, versioned rule set of a shop, with the rules of each scenario pre-sorted by kind so that applying them
 * to a response needs no per-request dispatch.
 *
 * @param version
 *            the stored version, 0 for "no rules"
 * @param definition
 *            the canonical JSON array of the rules, as stored
 */
public record RuleSet(int version, List<Rule> rules, String definition, Map<Scenario, ScenarioRules> byScenario) {
    /** A shop without rules. */
    public static final RuleSet EMPTY = of(0, List.of());

    public RuleSet {
        rules = List.copyOf(rules);
        Objects.requireNonNull(definition, "definition");
        byScenario = Map.copyOf(byScenario);
    }

    /** The rule set of {@code rules}, with its canonical definition. */
    public static RuleSet of(int version, List<Rule> rules) {
        Map<Scenario, ScenarioRules> m = new EnumMap<>(Scenario.class);
        for (Scenario s : Scenario.values()) {
            m.put(s, new ScenarioRules(rules.stream().filter(r -> r.appliesTo(s)).toList()));
        }
        return new RuleSet(version, rules, RuleParser.canonical(rules), m);
    }

    public ScenarioRules forScenario(Scenario scenario) {
        return byScenario.get(scenario);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rules that apply to one scenario, grouped by kind. */
    public static final class ScenarioRules {
        private final boolean inStockOnly;
        private final boolean withinBudget;
        private final List<Rule.Filter> includes = new ArrayList<>();
        private final List<Rule.Filter> excludes = new ArrayList<>();
        private final List<Rule.Reweight> reweights = new ArrayList<>();
        private final List<Rule.Cap> caps = new ArrayList<>();
        private final List<Rule.Pin> pins = new ArrayList<>();
        private final Rule.Rotation rotation;
        private final boolean empty;

        ScenarioRules(List<Rule> rules) {
            boolean stock = false;
            boolean budget = false;
            Rule.Rotation rot = null;
            for (Rule r : rules) {
                switch (r) {
                    case Rule.InStockOnly s -> stock = true;
                    case Rule.WithinBudget b -> budget = true;
                    case Rule.Filter f -> (f.include() ? includes : excludes).add(f);
                    case Rule.Reweight w -> reweights.add(w);
                    case Rule.Cap c -> caps.add(c);
                    case Rule.Pin p -> pins.add(p);
                    case Rule.Rotation ro -> {
                        // the strictest rotation wins: fewest impressions, then longest rest
                        if (rot == null || ro.afterImpressions() < rot.afterImpressions()
                                || (ro.afterImpressions() == rot.afterImpressions()
                                        && ro.restMinutes() > rot.restMinutes())) {
                            rot = ro;
                        }
                    }
                }
            }
            pins.sort(Comparator.comparingInt(Rule.Pin::position));
            this.inStockOnly = stock;
            this.withinBudget = budget;
            this.rotation = rot;
            this.empty = rules.isEmpty();
        }

        public boolean isEmpty() {
            return empty;
        }

        /** Whether the customer's remaining budget is a hard filter in this scenario. */
        public boolean withinBudget() {
            return withinBudget;
        }

        /** Stock, include and exclude rules: whether the item may be shown at all. */
        public boolean admits(Item item) {
            if (inStockOnly && !item.inStock()) {
                return false;
            }
            for (Rule.Filter f : includes) {
                if (!f.matches(item)) {
                    return false;
                }
            }
            for (Rule.Filter f : excludes) {
                if (f.matches(item)) {
                    return false;
                }
            }
            return true;
        }

        /** The product of the factors of every boost and bury rule the item matches (1 when none). */
        public double factor(Item item) {
            return factor(item, RuleContext.NONE);
        }

        /** {@link #factor(Item)} with the engine's signals about the item ({@code price_drop_pct}). */
        public double factor(Item item, ItemSignals signals) {
            return factor(item, RuleContext.of(signals));
        }

        /**
         * The product of the factors of every boost and bury rule the item matches for a caller with these user traits
         * (empty for an anonymous caller).
         */
        public double factor(Item item, Map<String, String> user) {
            return factor(item, RuleContext.of(user));
        }

        /** The product of the factors of every boost and bury rule the item matches in {@code ctx}. */
        public double factor(Item item, RuleContext ctx) {
            double f = 1;
            for (Rule.Reweight w : reweights) {
                if (w.when().test(item, ctx)) {
                    f *= w.factor();
                }
            }
            return f;
        }

        public boolean reweights() {
            return !reweights.isEmpty();
        }

        /** Whether a boost or bury rule reads the caller's user traits. */
        public boolean readsUser() {
            for (Rule.Reweight w : reweights) {
                if (w.when().readsUser()) {
                    return true;
                }
            }
            return false;
        }

        public List<Rule.Cap> caps() {
            return caps;
        }

        /** Pins ordered by position. */
        public List<Rule.Pin> pins() {
            return pins;
        }

        /** The rotation rule in force, or null. */
        public Rule.Rotation rotation() {
            return rotation;
        }
    }
}
