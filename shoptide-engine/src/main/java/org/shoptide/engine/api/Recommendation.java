package org.shoptide.engine.api;

import java.util.List;

/**
 * A recommendation answer. {@code recommendationId} identifies this answer so that later events carrying it are
 * attributed to it.
 *
 * @param modelVersion
 *            version of the model used (0 when none was trained yet)
 */
public record Recommendation(String recommendationId, Scenario scenario, long modelVersion,
        List<RecommendedItem> items) {
    public Recommendation {
        items = List.copyOf(items);
    }
}
