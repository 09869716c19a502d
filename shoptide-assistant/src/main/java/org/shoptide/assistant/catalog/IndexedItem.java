package org.shoptide.assistant.catalog;

import java.util.Locale;
import java.util.Objects;
import org.shoptide.core.catalog.Item;

/**
 * A catalog item as the index holds it, with its price converted once to minor units.
 *
 * @param priceMinor
 *            price in minor units of {@code currency}, or -1 when the item has no valid price (never shown under a
 *            budget)
 * @param currency
 *            upper-case ISO 4217 code, or null without a price
 */
public record IndexedItem(Item item, long priceMinor, String currency) {

    public IndexedItem {
        Objects.requireNonNull(item, "item");
    }

    static IndexedItem of(Item item) {
        String currency = item.currency() == null ? null : item.currency().toUpperCase(Locale.ROOT);
        long minor = Money.toMinor(item.price(), currency).orElse(-1);
        return new IndexedItem(item, minor, minor < 0 ? null : currency);
    }

    public String id() {
        return item.id();
    }

    public boolean hasPrice() {
        return priceMinor >= 0;
    }
}
