package org.shoptide.engine.api;

import java.util.List;

/**
 * A recommendation answer. {@code recommendationId} identifies this answer so that later events carrying it are
 * attributed to it; the answer is logged as an impression set under that id before it is returned.
 *
 * @param modelVersion
 *            version of the model used (0 when none was trained yet)
 * @param ruleVersion
 *            version of the shop's business rules applied (0 when the shop has none)
 * @param experiment
 *            the experiment and variant this answer was served under, or null
 */
public record Recommendation(String recommendationId, Scenario scenario, long modelVersion, List<RecommendedItem> items,
        int ruleVersion, ExperimentAssignment experiment) {
    public Recommendation {
        items = List.copyOf(items);
    }

    /** An answer outside any experiment and without rules. */
    public Recommendation(String recommendationId, Scenario scenario, long modelVersion, List<RecommendedItem> items) {
        this(recommendationId, scenario, modelVersion, items, 0, null);
    }
}
