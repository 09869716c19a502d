package org.shoptide.assistant.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.shoptide.assistant.nlu.Language;
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

    /** The title in a language: the {@code title_<lang>} attribute where the catalog has one, else the title. */
    public String title(Language language) {
        String localised = item.attributes().get("title_" + language.code());
        if (localised != null && !localised.isBlank()) {
            return localised.strip();
        }
        return item.title() == null || item.title().isBlank() ? item.id() : item.title().strip();
    }

    /** Every title the catalog gives the item (its title and localised titles). */
    public List<String> titles() {
        List<String> out = new ArrayList<>();
        if (item.title() != null && !item.title().isBlank()) {
            out.add(item.title().strip());
        }
        for (Language l : Language.values()) {
            String t = item.attributes().get("title_" + l.code());
            if (t != null && !t.isBlank()) {
                out.add(t.strip());
            }
        }
        return out;
    }

    public boolean hasPrice() {
        return priceMinor >= 0;
    }
}
