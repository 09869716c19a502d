package org.shoptide.feeds;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How one item changed in a run.
 *
 * @param fields
 *            the item fields that changed (for {@code changed}); empty otherwise
 * @param priceBefore
 *            price before, in minor units of the currency (ISO 4217 digits), null when none
 * @param priceAfter
 *            price after, in minor units, null when none
 * @param inStockBefore
 *            null for a created item
 */
public record ItemChange(String id, Kind kind, List<String> fields, Long priceBefore, Long priceAfter, String currency,
        Boolean inStockBefore, boolean inStockAfter) {

    public ItemChange {
        fields = List.copyOf(fields);
    }

    /** What happened to the item. */
    public enum Kind {
        CREATED, CHANGED, GONE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean priceChanged() {
        return kind != Kind.CREATED && !Objects.equals(priceBefore, priceAfter);
    }

    public boolean stockChanged() {
        return inStockBefore != null && inStockBefore != inStockAfter;
    }
}
