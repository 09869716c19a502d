package org.shoptide.core.port;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A copy of one subject's realtime state.
 *
 * @param recentItems
 *            distinct recently engaged items, newest first, with their accumulated weights and last times
 * @param sessionItems
 *            items of the current session, newest first
 * @param categoryAffinity
 *            accumulated weight per category (any level of the path)
 */
public record UserSnapshot(List<String> recentItems, float[] recentWeights, long[] recentTimes,
        List<String> sessionItems, Set<String> purchased, Set<String> cart, Set<String> disliked,
        Map<String, Float> categoryAffinity, long lastEventMillis) {

    public boolean hasHistory() {
        return !recentItems.isEmpty() || !purchased.isEmpty() || !cart.isEmpty();
    }
}
