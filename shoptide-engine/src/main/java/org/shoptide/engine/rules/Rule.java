package org.shoptide.engine.rules;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.shoptide.core.catalog.Item;
import org.shoptide.engine.api.Scenario;

/**
 * One business rule of a shop. Every rule may be limited to some scenarios ({@link #scenarios()} empty = all). Rules
 * run after ranking, in this order: filters ({@link InStockOnly}, {@link Filter}, {@link Rotation}), re-weighting
 * ({@link Reweight}), diversity ({@link Cap}), then {@link Pin}s are placed. See
 * {@code docs/adr/0007-exposure-rules-experiments.md}.
 */
public sealed interface Rule {

    /** Scenarios the rule applies to; empty means every scenario. */
    Set<Scenario> scenarios();

    /** The JSON {@code type} of the rule. */
    String type();

    default boolean appliesTo(Scenario scenario) {
        return scenarios().isEmpty() || scenarios().contains(scenario);
    }

    private static Set<Scenario> copy(Set<Scenario> s) {
        return s == null || s.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(s));
    }

    /**
     * {@code include} keeps only matching items, {@code exclude} drops them. An item matches when every given condition
     * holds: category at any level of its path, brand (both ignoring case), attribute {@code name} equal to
     * {@code value} (ignoring case), price within [minPrice, maxPrice] (an item without a price never matches a price
     * condition).
     */
    record Filter(boolean include, String category, String brand, String attributeName, String attributeValue,
            Double minPrice, Double maxPrice, Set<Scenario> scenarios) implements Rule {
        public Filter {
            scenarios = copy(scenarios);
            if (category == null && brand == null && attributeName == null && minPrice == null && maxPrice == null) {
                throw new IllegalArgumentException("a filter rule needs at least one condition");
            }
        }

        @Override
        public String type() {
            return include ? "include" : "exclude";
        }

        public boolean matches(Item item) {
            if (category != null) {
                String c = lower(category);
                boolean found = false;
                for (String level : item.categoryPath()) {
                    if (lower(level).equals(c)) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            if (brand != null && (item.brand() == null || !lower(item.brand()).equals(lower(brand)))) {
                return false;
            }
            if (attributeName != null) {
                String v = item.attributes().get(attributeName);
                if (v == null || !lower(v).equals(lower(attributeValue))) {
                    return false;
                }
            }
            Double p = item.price();
            if (minPrice != null && (p == null || p < minPrice)) {
                return false;
            }
            return maxPrice == null || (p != null && p <= maxPrice);
        }
    }

    /** {@code boost} (factor &gt; 1) or {@code bury} (0 &lt; factor &lt; 1): multiplies the score of matching items. */
    record Reweight(boolean boost, Expression when, double factor, Set<Scenario> scenarios) implements Rule {
        public Reweight {
            Objects.requireNonNull(when, "when");
            scenarios = copy(scenarios);
        }

        @Override
        public String type() {
            return boost ? "boost" : "bury";
        }
    }

    /** Shows {@code itemId} at {@code position} (1-based) whenever the item is eligible for the request. */
    record Pin(String itemId, int position, Set<Scenario> scenarios) implements Rule {
        public Pin {
            Objects.requireNonNull(itemId, "itemId");
            scenarios = copy(scenarios);
        }

        @Override
        public String type() {
            return "pin";
        }
    }

    /** At most {@code max} items of one brand or one leaf category per response (diversity). */
    record Cap(CapField field, int max, Set<Scenario> scenarios) implements Rule {
        public Cap {
            Objects.requireNonNull(field, "field");
            scenarios = copy(scenarios);
        }

        @Override
        public String type() {
            return "cap";
        }
    }

    /** The item attribute a {@link Cap} counts. */
    enum CapField {
        CATEGORY, BRAND;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The lower-cased value counted for this item, or null when it has none (then it is never capped). */
        public String valueOf(Item item) {
            String v = this == BRAND ? item.brand() : item.category();
            return v == null || v.isBlank() ? null : lower(v);
        }
    }

    /**
     * An item shown {@code afterImpressions} times to the same user or visitor without any interaction (view, click,
     * add-to-cart, purchase, like, rating) rests for {@code restMinutes}: it is not recommended to them meanwhile.
     */
    record Rotation(int afterImpressions, int restMinutes, Set<Scenario> scenarios) implements Rule {
        public Rotation {
            scenarios = copy(scenarios);
        }

        @Override
        public String type() {
            return "rotation";
        }
    }

    /** Only items within the customer's remaining budget (when the request carries one): a hard filter. */
    record WithinBudget(Set<Scenario> scenarios) implements Rule {
        public WithinBudget {
            scenarios = copy(scenarios);
        }

        @Override
        public String type() {
            return "withinBudget";
        }
    }

    /** Only items in stock. */
    record InStockOnly(Set<Scenario> scenarios) implements Rule {
        public InStockOnly {
            scenarios = copy(scenarios);
        }

        @Override
        public String type() {
            return "inStockOnly";
        }
    }

    private static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
