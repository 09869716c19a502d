package org.shoptide.core.price;

import java.time.Instant;
import java.util.Objects;

/**
 * A detected price drop of one item under one source: the price went from {@code oldMinor} to {@code newMinor} (same
 * currency) at {@code at}.
 *
 * @param id
 *            stable id of the drop, also the webhook's dedupe id; derived from the series and the point it replaced, so
 *            detecting the same drop twice (a retried upsert) yields the same id
 * @param percent
 *            (old - new) / old × 100
 */
public record PriceDrop(String id, String itemId, String source, String currency, long oldMinor, long newMinor,
        double percent, Instant at) {
    public PriceDrop {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(itemId, "itemId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(at, "at");
        if (newMinor < 0 || newMinor >= oldMinor) {
            throw new IllegalArgumentException(
                    "a drop needs 0 <= newMinor < oldMinor, got " + oldMinor + " -> " + newMinor);
        }
    }

    /** The drop between two prices in percent of the old one. */
    public static double percent(long oldMinor, long newMinor) {
        return oldMinor == 0 ? 0 : (oldMinor - newMinor) * 100.0 / oldMinor;
    }
}
