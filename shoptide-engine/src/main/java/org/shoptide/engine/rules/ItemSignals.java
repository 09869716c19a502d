package org.shoptide.engine.rules;

/**
 * What the engine knows about an item beyond its catalog record when it ranks, for rule expressions. Implementations
 * answer from memory (they run for every candidate of every request).
 */
@FunctionalInterface
public interface ItemSignals {
    /** No signals: every value is 0. */
    ItemSignals NONE = itemId -> 0;

    /**
     * The percent of the item's latest price drop within the shop's boost window ({@code price_drop_pct}), 0 when it
     * had none.
     */
    double priceDropPct(String itemId);
}
