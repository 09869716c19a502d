package org.shoptide.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * A recommendation as shown and what came of it: the basis of attribution, negatives and off-policy estimates.
 *
 * @param subject
 *            the user or visitor it was shown to (null for anonymous requests without ids)
 * @param experiment
 *            experiment id, or null
 * @param variant
 *            variant name, or null
 * @param clientReported
 *            true once a client {@code impression} event said what was on screen (on-screen wins)
 * @param items
 *            what counts as shown, in display order
 */
public record ImpressionSet(String recommendationId, String subject, String experiment, String variant,
        boolean clientReported, Instant servedAt, List<Entry> items) {

    public ImpressionSet {
        items = List.copyOf(items);
    }

    /**
     * One shown item with its attributed outcomes.
     *
     * @param propensity
     *            the logging policy's probability of showing it at its served position (null without exploration)
     */
    public record Entry(String itemId, int position, Double propensity, int clicks, int addToCarts, int purchases,
            double revenue) {
        /**
         * Graded relevance: 3 purchased, 2 added to cart, 1 clicked, 0 shown and not interacted with (a negative).
         * Items never shown have no label at all: they are never negatives.
         */
        public int label() {
            return purchases > 0 ? 3 : addToCarts > 0 ? 2 : clicks > 0 ? 1 : 0;
        }
    }
}
