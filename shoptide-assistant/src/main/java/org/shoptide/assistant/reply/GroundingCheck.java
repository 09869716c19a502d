package org.shoptide.assistant.reply;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shoptide.assistant.catalog.CatalogIndex;
import org.shoptide.assistant.catalog.IndexedItem;
import org.shoptide.assistant.catalog.Money;

/**
 * Verifies a reply against the catalog before it is sent:
 * <ol>
 * <li>every amount of money it mentions (a number next to a currency sign or word: {@code ¥299}, {@code 18 000 ₽},
 * {@code 120 dollars}, {@code 300元}) is the price of a product in the answer or a bound the customer gave;
 * <li>every catalog product whose title it contains is in the answer (the titles are looked up in the shop's index, so
 * a product the answer does not hold cannot be slipped in).
 * </ol>
 * Template replies pass by construction; the check guards replies phrased by a language model, and a test runs it over
 * many generated turns. Amounts written in words ("两千") are not recognised, which is why a model is told to write
 * digits.
 */
public final class GroundingCheck {
    private static final String NUMBER = "\\d(?:[\\d,.\\u00a0\\u202f ]*\\d)?";
    private static final Pattern AMOUNT = Pattern.compile(
            "(?:[¥$€£₽₩₹]|\\b(?:USD|CNY|RUB|EUR|GBP|RMB)\\b)\\s?(" + NUMBER + ")|(" + NUMBER
                    + ")\\s?(?:₽|¥|元|块|\\$|€|£|руб|р\\.|(?i:yuan|rmb|usd|cny|rub|eur|dollars?|bucks))",
            Pattern.UNICODE_CHARACTER_CLASS);
    private static final int MIN_TITLE_CHARS = 4;
    private static final int TITLE_CANDIDATES = 40;

    /** An amount the reply may mention. */
    public record Amount(long minor, String currency) {
    }

    /** The result: grounded when there are no violations. */
    public record Verdict(List<String> violations) {
        public Verdict {
            violations = List.copyOf(violations);
        }

        public boolean grounded() {
            return violations.isEmpty();
        }
    }

    /**
     * Checks a reply.
     *
     * @param shown
     *            the products of the answer
     * @param bounds
     *            the customer's price bounds (they may be repeated: "fits your budget of ₽18,000")
     * @param index
     *            the shop's catalog, to find products the reply names
     */
    public Verdict check(String reply, List<ShownProduct> shown, Collection<Amount> bounds, CatalogIndex index) {
        Objects.requireNonNull(reply, "reply");
        List<String> violations = new ArrayList<>();
        Set<BigDecimal> allowed = new HashSet<>();
        for (ShownProduct s : shown) {
            if (s.priceMinor() >= 0) {
                allowed.add(major(s.priceMinor(), s.currency()));
            }
        }
        bounds.forEach(b -> allowed.add(major(b.minor(), b.currency())));
        Matcher m = AMOUNT.matcher(reply);
        while (m.find()) {
            String text = m.group(1) != null ? m.group(1) : m.group(2);
            BigDecimal value = parse(text);
            if (value == null || !allowed.contains(value.stripTrailingZeros())) {
                violations.add("mentions the amount " + m.group().strip() + ", which no product of the answer costs");
            }
        }
        String lower = reply.toLowerCase(Locale.ROOT);
        Set<String> shownIds = new HashSet<>();
        List<String> shownTitles = new ArrayList<>();
        for (ShownProduct s : shown) {
            shownIds.add(s.itemId());
            shownTitles.add(s.title().toLowerCase(Locale.ROOT));
            IndexedItem i = index.item(s.itemId());
            if (i != null) {
                i.titles().forEach(t -> shownTitles.add(t.toLowerCase(Locale.ROOT)));
            }
        }
        for (IndexedItem candidate : index.titlesLike(reply, TITLE_CANDIDATES)) {
            if (shownIds.contains(candidate.id())) {
                continue;
            }
            for (String title : candidate.titles()) {
                String t = title.toLowerCase(Locale.ROOT);
                if (t.codePointCount(0, t.length()) >= MIN_TITLE_CHARS && lower.contains(t)
                        && shownTitles.stream().noneMatch(s -> s.contains(t))) {
                    violations.add("names " + title + " (" + candidate.id() + "), which is not in the answer");
                    break;
                }
            }
        }
        return new Verdict(violations);
    }

    private static BigDecimal major(long minor, String currency) {
        Currency c = Money.currencyOrNull(currency);
        int digits = c == null ? 2 : Math.max(0, c.getDefaultFractionDigits());
        return BigDecimal.valueOf(minor, digits).stripTrailingZeros();
    }

    /**
     * The value of a written number: spaces are grouping; of ',' and '.', a last separator followed by one or two
     * digits is the decimal point ({@code 18 000,50}, {@code 79.99}), any other is grouping ({@code 18,000}).
     */
    static BigDecimal parse(String text) {
        String s = text.replaceAll("[\\s\\u00a0\\u202f]", "");
        int last = Math.max(s.lastIndexOf(','), s.lastIndexOf('.'));
        String integer = s;
        String fraction = "";
        if (last >= 0 && s.length() - last - 1 <= 2 && s.length() - last - 1 >= 1) {
            integer = s.substring(0, last);
            fraction = s.substring(last + 1);
        }
        String digits = integer.replaceAll("[,.]", "") + (fraction.isEmpty() ? "" : "." + fraction);
        try {
            return new BigDecimal(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
