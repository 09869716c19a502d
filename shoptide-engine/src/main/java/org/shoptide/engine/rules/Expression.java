package org.shoptide.engine.rules;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.shoptide.core.catalog.Item;

/**
 * A compiled boolean condition over one catalog item, the {@code when} of boost and bury rules. Parsed once by
 * {@link ExpressionParser} into a tree of nodes; evaluation is field reads and comparisons, no reflection and no script
 * engine.
 * <p>
 * <b>Language.</b> {@code field op literal} comparisons combined with {@code &&}, {@code ||}, {@code !} and
 * parentheses; {@code field in [lit, ...]}; a boolean field alone. Fields: {@code id}, {@code title}, {@code brand},
 * {@code currency}, {@code category} (matches any level of the category path), {@code tags} (matches any tag),
 * {@code price} (number), {@code price_drop_pct} (number: the percent of the item's latest price drop within the shop's
 * boost window, 0 when none; see docs/PRICE-TRACKING.md), {@code inStock} (boolean), {@code attributes.NAME} (string;
 * compared to a number literal its value is read as a number). String literals in double or single quotes; string
 * comparisons ignore case. Operators: {@code == != < <= > >=} (ordering only for numbers). A missing value (no brand,
 * no price) makes every comparison false except {@code !=}.
 *
 * @param source
 *            the expression as written
 */
public record Expression(String source, Node root) {
    public Expression {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(root, "root");
    }

    /** Parses {@code source}; throws {@link ExpressionParser.ExpressionException} naming the column of the problem. */
    public static Expression parse(String source) {
        return new Expression(source, new ExpressionParser(source).parse());
    }

    public boolean test(Item item) {
        return root.test(item, ItemSignals.NONE);
    }

    /** Evaluates the expression with the engine's {@code signals} (fields such as {@code price_drop_pct}). */
    public boolean test(Item item, ItemSignals signals) {
        return root.test(item, signals);
    }

    /** A node of the compiled tree. */
    public sealed interface Node {
        boolean test(Item item, ItemSignals signals);
    }

    record And(List<Node> parts) implements Node {
        @Override
        public boolean test(Item item, ItemSignals signals) {
            for (Node n : parts) {
                if (!n.test(item, signals)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(List<Node> parts) implements Node {
        @Override
        public boolean test(Item item, ItemSignals signals) {
            for (Node n : parts) {
                if (n.test(item, signals)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(Node inner) implements Node {
        @Override
        public boolean test(Item item, ItemSignals signals) {
            return !inner.test(item, signals);
        }
    }

    /** A string-valued field (several values for category and tags); values compared lower-cased. */
    enum TextField {
        ID, TITLE, BRAND, CURRENCY, CATEGORY, TAGS, ATTRIBUTE;

        /** Whether any value of the field is in {@code lowerValues}; false when the field has no value. */
        boolean anyIn(Item item, String attribute, Set<String> lowerValues) {
            return switch (this) {
                case ID -> in(item.id(), lowerValues);
                case TITLE -> in(item.title(), lowerValues);
                case BRAND -> in(item.brand(), lowerValues);
                case CURRENCY -> in(item.currency(), lowerValues);
                case ATTRIBUTE -> in(item.attributes().get(attribute), lowerValues);
                case CATEGORY -> anyIn(item.categoryPath(), lowerValues);
                case TAGS -> anyIn(item.tags(), lowerValues);
            };
        }

        private static boolean anyIn(List<String> values, Set<String> lowerValues) {
            for (String v : values) {
                if (in(v, lowerValues)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean in(String v, Set<String> lowerValues) {
            return v != null && lowerValues.contains(lower(v));
        }
    }

    static String lower(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code field == "x"}, {@code field != "x"}, {@code field in [...]} (negated for != ). */
    record TextIn(TextField field, String attribute, Set<String> lowerValues, boolean negate) implements Node {
        @Override
        public boolean test(Item item, ItemSignals signals) {
            return field.anyIn(item, attribute, lowerValues) != negate;
        }
    }

    /** Comparison operators. */
    enum Op {
        EQ, NE, LT, LE, GT, GE;

        boolean apply(double a, double b) {
            return switch (this) {
                case EQ -> a == b;
                case NE -> a != b;
                case LT -> a < b;
                case LE -> a <= b;
                case GT -> a > b;
                case GE -> a >= b;
            };
        }
    }

    /** {@code price op n} or {@code attributes.x op n}; a missing or non-numeric value is only {@code !=}. */
    record NumberCompare(String attribute, Op op, double value) implements Node {
        @Override
        public boolean test(Item item, ItemSignals signals) {
            Double v = attribute == null ? item.price() : parse(item.attributes().get(attribute));
            return v == null ? op == Op.NE : op.apply(v, value);
        }

        private static Double parse(String s) {
            if (s == null) {
                return null;
            }
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** {@code price in [1, 2]}. */
    record NumberIn(String attribute, double[] values) implements Node {
        @Override
        public boolean test(Item item, ItemSignals signals) {
            for (double v : values) {
                if (new NumberCompare(attribute, Op.EQ, v).test(item, signals)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code inStock}, {@code inStock == false}. */
    record InStock(boolean expected) implements Node {
        @Override
        public boolean test(Item item, ItemSignals signals) {
            return item.inStock() == expected;
        }
    }

    /** {@code price_drop_pct op n}: the item's recent price drop in percent, 0 when none (never missing). */
    record PriceDropCompare(Op op, double value) implements Node {
        @Override
        public boolean test(Item item, ItemSignals signals) {
            return op.apply(signals.priceDropPct(item.id()), value);
        }
    }
}
