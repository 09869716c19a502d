package org.shoptide.core.event;

import java.util.Map;
import java.util.Optional;

/**
 * Custom event types that Shoptide itself writes, so every shop accepts them without configuring a weight; a shop's own
 * {@code customEventWeights} entry of the same name overrides the default weight (0 switches the type's effect off).
 * They go through the normal ingest path, so they are logged, replayed by training and erased with the user.
 */
public final class BuiltInCustomTypes {
    /**
     * A customer showed interest in an item by writing about it (community posts, ADR 0031): one event per matched
     * item, weighted like a view by default.
     */
    public static final String COMMUNITY_INTEREST = "community_interest";

    private static final Map<String, Double> DEFAULT_WEIGHTS = Map.of(COMMUNITY_INTEREST, 1.0);

    private BuiltInCustomTypes() {
    }

    /** The default weight of a built-in custom type; empty for a shop-defined name. */
    public static Optional<Double> defaultWeight(String customType) {
        return Optional.ofNullable(customType == null ? null : DEFAULT_WEIGHTS.get(customType));
    }
}
