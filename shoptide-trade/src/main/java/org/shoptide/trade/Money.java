package org.shoptide.trade;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Converts between the catalog's prices in major units ({@code Double}, e.g. 4.95 EUR) and the trade's integer minor
 * units (495), once, through {@link BigDecimal} and the currency's ISO 4217 fraction digits. A price with more decimals
 * than its currency has is refused rather than rounded: money is never guessed.
 */
public final class Money {
    private Money() {
    }

    /** The ISO 4217 currency for {@code code}; refused when unknown or without minor units defined. */
    public static Currency currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            throw TradeException.invalid("currency", "currency must be a 3-letter ISO 4217 code like EUR, got "
                    + (code == null ? "none" : "'" + code + "'"));
        }
        try {
            Currency c = Currency.getInstance(code);
            if (c.getDefaultFractionDigits() < 0) {
                throw TradeException.invalid("currency", "currency " + code + " has no minor unit");
            }
            return c;
        } catch (IllegalArgumentException e) {
            throw TradeException.invalid("currency", "unknown currency " + code);
        }
    }

    /**
     * The price in minor units of {@code currency}.
     *
     * @throws TradeException
     *             when the price is missing, negative, not finite or has more decimals than the currency
     */
    public static long toMinor(Double major, String currency) {
        Currency c = currency(currency);
        if (major == null || !Double.isFinite(major) || major < 0) {
            throw TradeException.invalid("price", "price must be a finite amount >= 0, got " + major);
        }
        try {
            return BigDecimal.valueOf(major).movePointRight(c.getDefaultFractionDigits()).longValueExact();
        } catch (ArithmeticException e) {
            throw TradeException.invalid("price", "price " + BigDecimal.valueOf(major).toPlainString()
                    + " has more decimals than " + currency + " allows (" + c.getDefaultFractionDigits() + ")");
        }
    }

    /** The amount in major units, for the log's {@code LineItem} prices. */
    public static double toMajor(long minor, String currency) {
        return BigDecimal.valueOf(minor).movePointLeft(currency(currency).getDefaultFractionDigits()).doubleValue();
    }

    /** The amount as text in major units, e.g. {@code 12.50 EUR}, for pages and messages. */
    public static String format(long minor, String currency) {
        return BigDecimal.valueOf(minor).movePointLeft(currency(currency).getDefaultFractionDigits()).toPlainString()
                + " " + currency;
    }
}
