package org.shoptide.engine.api;

import java.util.Map;

/**
 * A change of shop settings; a null field leaves that setting as it is.
 *
 * @param customEventWeights
 *            weight of each custom event type (names match {@code [a-z][a-z0-9_]{0,63}} and are not a built-in type;
 *            weights finite, between -100 and 100); replaces the whole map
 * @param trainingTime
 *            "HH:mm" local time of the daily training, or "" for the server default
 * @param attributionWindowMinutes
 *            0 to 43,200 (30 days): window after an item was shown during which its outcomes are attributed without a
 *            recommendationId; 0 turns window attribution off
 * @param explorationRate
 *            0 to 0.5: share of exploratory answers (see {@code docs/EXPERIMENTS.md}); 0 turns exploration off
 * @param trackingConsentRequired
 *            whether {@code tracker.js} on the shop's pages waits for the visitor's consent before storing or sending
 *            anything
 */
public record ShopUpdate(String name, Map<String, Double> customEventWeights, String trainingTime,
        Integer attributionWindowMinutes, Double explorationRate, Boolean trackingConsentRequired) {
    /** An update that leaves consent mode as it is. */
    public ShopUpdate(String name, Map<String, Double> customEventWeights, String trainingTime,
            Integer attributionWindowMinutes, Double explorationRate) {
        this(name, customEventWeights, trainingTime, attributionWindowMinutes, explorationRate, null);
    }

    public static final int MAX_ATTRIBUTION_WINDOW_MINUTES = 43_200;
    public static final double MAX_EXPLORATION_RATE = 0.5;
}
