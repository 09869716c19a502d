package org.shoptide.assistant.catalog;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;
import java.util.OptionalLong;
import org.shoptide.assistant.nlu.Language;

/**
 * Amounts in integer minor units of an ISO 4217 currency, and their text in a reply. Catalog prices are major units (a
 * {@code Double}); they are converted once, rounding half up to the currency's default fraction digits
 * ({@link Currency#getDefaultFractionDigits()}: 2 for USD, CNY and RUB, 0 for JPY).
 * <p>
 * Formats follow the reply's language: English and Chinese put the symbol first with comma grouping ({@code $79.99},
 * {@code ¥18,000}); Russian puts it last with space grouping and a decimal comma ({@code 18 000 ₽}). Whole amounts are
 * written without a fraction.
 */
public final class Money {
    private Money() {
    }

    /** The minor units of a major-unit price, or empty when the price or currency is missing or invalid. */
    public static OptionalLong toMinor(Double major, String currency) {
        if (major == null || major.isNaN() || major.isInfinite() || major < 0 || currency == null) {
            return OptionalLong.empty();
        }
        Currency c = currencyOrNull(currency);
        if (c == null) {
            return OptionalLong.empty();
        }
        int digits = Math.max(0, c.getDefaultFractionDigits());
        return OptionalLong
                .of(BigDecimal.valueOf(major).setScale(digits, RoundingMode.HALF_UP).unscaledValue().longValueExact());
    }

    /** The ISO currency of a code (any case), or null when the code names none. */
    public static Currency currencyOrNull(String code) {
        if (code == null || code.length() != 3) {
            return null;
        }
        try {
            return Currency.getInstance(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The text of an amount in a reply of the given language. */
    public static String format(long minor, String currency, Language language) {
        Currency c = currencyOrNull(currency);
        int digits = c == null ? 2 : Math.max(0, c.getDefaultFractionDigits());
        BigDecimal amount = BigDecimal.valueOf(minor, digits);
        boolean whole = amount.stripTrailingZeros().scale() <= 0;
        String number = group(whole ? amount.setScale(0, RoundingMode.UNNECESSARY) : amount, language);
        String symbol = symbol(c == null ? String.valueOf(currency) : c.getCurrencyCode());
        return language == Language.RU ? number + "\u00a0" + symbol.strip() : symbol + number;
    }

    private static String group(BigDecimal amount, Language language) {
        String plain = amount.toPlainString();
        int dot = plain.indexOf('.');
        String integer = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);
        char separator = language == Language.RU ? '\u00a0' : ',';
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < integer.length(); i++) {
            if (i > 0 && (integer.length() - i) % 3 == 0) {
                out.append(separator);
            }
            out.append(integer.charAt(i));
        }
        if (!fraction.isEmpty()) {
            out.append(language == Language.RU ? ',' : '.').append(fraction);
        }
        return out.toString();
    }

    /** The symbol a reply writes for a currency: ¥, ₽, $, €, £, ₩, ₹, else the ISO code. */
    static String symbol(String code) {
        return switch (code) {
            case "CNY", "JPY" -> "¥";
            case "RUB" -> "₽";
            case "USD" -> "$";
            case "EUR" -> "€";
            case "GBP" -> "£";
            case "KRW" -> "₩";
            case "INR" -> "₹";
            default -> code + " ";
        };
    }
}
