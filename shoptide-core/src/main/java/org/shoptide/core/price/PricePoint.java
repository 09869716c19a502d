package org.shoptide.core.price;

import java.time.Instant;
import java.util.Objects;

/**
 * One point of an item's price series under one source: the price held from {@code since} and was last seen (confirmed
 * by an upsert with the same price and currency) at {@code confirmedAt}. A series stores a new point only when the
 * price or the currency changes, so a price that a feed re-confirms every hour for a year is one row.
 *
 * @param source
 *            who reported the price: {@code api}, {@code import}, or a feed id
 * @param currency
 *            upper-case ISO 4217 code, or {@code ""} when the item has none
 * @param amountMinor
 *            the price in minor units of the currency ({@link MinorUnits})
 */
public record PricePoint(String itemId, String source, String currency, long amountMinor, Instant since,
        Instant confirmedAt) {
    public PricePoint {
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(confirmedAt, "confirmedAt");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amountMinor must be >= 0, got " + amountMinor);
        }
        if (confirmedAt.isBefore(since)) {
            throw new IllegalArgumentException("confirmedAt " + confirmedAt + " is before since " + since);
        }
    }

    /** Whether this point has the same price and currency as {@code currency} / {@code amountMinor}. */
    public boolean samePrice(String otherCurrency, long otherAmountMinor) {
        return currency.equals(otherCurrency) && amountMinor == otherAmountMinor;
    }
}
