package org.shoptide.feeds;

import java.util.Locale;
import java.util.Optional;

/** What a run does with items this feed delivered before and no longer lists. */
public enum GonePolicy {
    /** Keep the item, marked out of stock (the default: history and links stay valid). */
    OUT_OF_STOCK,
    /** Delete the item from the catalog. */
    DELETE,
    /** Leave the item as it is. */
    KEEP;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<GonePolicy> of(String name) {
        for (GonePolicy p : values()) {
            if (p.wireName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
