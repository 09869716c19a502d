package org.shoptide.engine.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * boost window, 0 when none; see docs/FEEDS.md), {@code inStock} (boolean), {@code attributes.NAME} (string; compared
 * to a number literal its value is read as a number). String literals in double or single quotes; string comparisons
 * ignore case. Operators: {@code == != < <= > >=} (ordering only for numbers). A missing value (no brand, no price)
 * makes every comparison false except {@code !=}.
 * <p>
 * <b>User conditions.</b> {@code user.NAME} (or {@code user.traits.NAME}) reads the requesting user's trait
 * {@code NAME}: {@code ==}, {@code !=} and {@code in [...]} with strings (a number literal is compared as written, so
 * {@code user.segment == 3} matches the trait "3"), {@code < <= > >=} with numbers (the trait read as a number), and
 * {@code user.kw contains "garden"} for list traits (comma-separated values, e.g. the community keywords). A request
 * without a known user, or a user without the trait, matches only {@code !=}. A rule with user conditions boosts or
 * buries every item alike for users who match, and changes nothing for the others; combined with item conditions
 * ({@code user.segment == "3" && category == "Garden"}) it re-ranks items for one segment only.
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

    /** The condition for an anonymous caller (user conditions see no traits). */
    public boolean test(Item item) {
        return root.test(item, RuleContext.NONE);
    }

    /** Evaluates the expression with the engine's {@code signals} (fields such as {@code price_drop_pct}). */
    public boolean test(Item item, ItemSignals signals) {
        return root.test(item, RuleContext.of(signals));
    }

    /** The condition for a caller whose user traits are {@code user} (empty for an anonymous caller). */
    public boolean test(Item item, Map<String, String> user) {
        return root.test(item, RuleContext.of(user));
    }

    /** The condition with the engine's signals and the caller's traits. */
    public boolean test(Item item, RuleContext ctx) {
        return root.test(item, ctx);
    }

    /** Whether the condition reads user traits (then the caller's traits must be loaded to evaluate it). */
    public boolean readsUser() {
        return readsUser(root);
    }

    private static boolean readsUser(Node n) {
        return switch (n) {
            case And a -> a.parts().stream().anyMatch(Expression::readsUser);
            case Or o -> o.parts().stream().anyMatch(Expression::readsUser);
            case Not x -> readsUser(x.inner());
            case UserText u -> true;
            case UserNumber u -> true;
            default -> false;
        };
    }

    /** A node of the compiled tree. */
    public sealed interface Node {
        boolean test(Item item, RuleContext ctx);
    }

    record And(List<Node> parts) implements Node {
        @Override
        public boolean test(Item item, RuleContext ctx) {
            for (Node n : parts) {
                if (!n.test(item, ctx)) {
                    return false;
                }
            }
            return true;
        }
    }

    record Or(List<Node> parts) implements Node {
        @Override
        public boolean test(Item item, RuleContext ctx) {
            for (Node n : parts) {
                if (n.test(item, ctx)) {
                    return true;
                }
            }
            return false;
        }
    }

    record Not(Node inner) implements Node {
        @Override
        public boolean test(Item item, RuleContext ctx) {
            return !inner.test(item, ctx);
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
        public boolean test(Item item, RuleContext ctx) {
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
        public boolean test(Item item, RuleContext ctx) {
            Double v = attribute == null ? item.price() : parse(item.attributes().get(attribute));
            return v == null ? op == Op.NE : op.apply(v, value);
        }

        static Double parse(String s) {
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
        public boolean test(Item item, RuleContext ctx) {
            for (double v : values) {
                if (new NumberCompare(attribute, Op.EQ, v).test(item, ctx)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** {@code inStock}, {@code inStock == false}. */
    record InStock(boolean expected) implements Node {
        @Override
        public boolean test(Item item, RuleContext ctx) {
            return item.inStock() == expected;
        }
    }

    /** {@code price_drop_pct op n}: the item's recent price drop in percent, 0 when none (never missing). */
    record PriceDropCompare(Op op, double value) implements Node {
        @Override
        public boolean test(Item item, RuleContext ctx) {
            return op.apply(ctx.signals().priceDropPct(item.id()), value);
        }
    }

    /**
     * {@code user.x == "a"}, {@code user.x in [...]} (negated for {@code !=}), or with {@code contains} whether any
     * comma-separated value of the trait is one of {@code lowerValues}.
     */
    record UserText(String trait, Set<String> lowerValues, boolean contains, boolean negate) implements Node {
        @Override
        public boolean test(Item item, RuleContext ctx) {
            String v = ctx.user().get(trait);
            if (v == null) {
                return negate;
            }
            if (!contains) {
                return lowerValues.contains(lower(v)) != negate;
            }
            for (String part : v.split(",")) {
                if (lowerValues.contains(lower(part))) {
                    return !negate;
                }
            }
            return negate;
        }
    }

    /** {@code user.x op n}: the trait read as a number; a missing or non-numeric trait is only {@code !=}. */
    record UserNumber(String trait, Op op, double value) implements Node {
        @Override
        public boolean test(Item item, RuleContext ctx) {
            Double v = NumberCompare.parse(ctx.user().get(trait));
            return v == null ? op == Op.NE : op.apply(v, value);
        }
    }
}
