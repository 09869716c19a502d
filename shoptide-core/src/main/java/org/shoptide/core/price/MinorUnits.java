package org.shoptide.core.price;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Locale;

/**
 * Converts a catalog price in major units (the {@code Item.price} double) to integer minor units of its currency: the
 * ISO 4217 exponent from {@link Currency#getDefaultFractionDigits()} (2 for USD and EUR, 0 for JPY and KRW, 3 for KWD),
 * 2 for an unknown or missing currency. Rounded half-up from the double's shortest decimal form, so 19.99 is 1999,
 * never 1998.
 */
public final class MinorUnits {
    /** The currency recorded for an item that has a price but no currency. */
    public static final String NO_CURRENCY = "";

    private MinorUnits() {
    }

    /** The number of decimal places of minor units of {@code currency} (ISO 4217). */
    public static int exponent(String currency) {
        if (currency == null || currency.isEmpty()) {
            return 2;
        }
        try {
            int d = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
            return d < 0 ? 2 : d;
        } catch (IllegalArgumentException e) {
            return 2;
        }
    }

    /**
     * {@code price} in minor units of {@code currency}.
     *
     * @throws IllegalArgumentException
     *             for a negative, infinite or NaN price, or one beyond the range of a long in minor units
     */
    public static long of(double price, String currency) {
        if (!Double.isFinite(price) || price < 0) {
            throw new IllegalArgumentException("a price must be a finite number >= 0, got " + price);
        }
        BigDecimal minor = BigDecimal.valueOf(price).movePointRight(exponent(currency)).setScale(0,
                RoundingMode.HALF_UP);
        return minor.longValueExact();
    }

    /** The currency as recorded: upper-case ISO code, or {@link #NO_CURRENCY}. */
    public static String normalize(String currency) {
        return currency == null ? NO_CURRENCY : currency.trim().toUpperCase(Locale.ROOT);
    }
}
