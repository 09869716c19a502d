package org.shoptide.engine.api;

import java.util.Locale;

/** Recommendation scenarios. Wire names are lower case. */
public enum Scenario {
    /** "For you": personalized for a user or visitor. */
    USER,
    /** "Similar items" to one item. */
    ITEM,
    /** "Complete your cart": complements to a list of items. */
    CART,
    /** Trending now, optionally within a category. */
    TRENDING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
