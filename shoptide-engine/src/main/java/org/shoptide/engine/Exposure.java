package org.shoptide.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.shoptide.engine.api.ImpressionSet;

/**
 * One impression set of {@link Exposures}: a recommendation response as served, then as reported on screen, with the
 * outcomes attributed to it. Guarded by the lock of the {@link Exposures} that holds it.
 */
final class Exposure {
    final String recommendationId;
    final String subject;
    final String unit;
    /** The surface the answer was shown on (its impression's {@code context.page}), or null. */
    String page;
    final String experimentId;
    final String variantName;
    final int variant;
    final long timeMillis;
    /** As served, with the logged propensities (null without exploration). */
    private final String[] servedItems;
    private final float[] servedPropensities;
    /** What counts as shown: the served items until the client reports what was on screen. */
    String[] items;
    int[] positions;
    /** Per shown item: clicks, add-to-carts, purchases (3 per item); revenue. Allocated on the first outcome. */
    private int[] counts;
    private double[] revenue;
    boolean clientReported;
    boolean clicked;

    Exposure(String recommendationId, String subject, String unit, String experimentId, String variantName, int variant,
            long timeMillis, String[] items, int[] positions, float[] propensities) {
        this.recommendationId = recommendationId;
        this.subject = subject;
        this.unit = unit;
        this.experimentId = experimentId;
        this.variantName = variantName;
        this.variant = variant;
        this.timeMillis = timeMillis;
        this.servedItems = items;
        this.servedPropensities = propensities;
        this.items = items;
        this.positions = positions;
    }

    int indexOf(String itemId) {
        for (int i = 0; i < items.length; i++) {
            if (items[i].equals(itemId)) {
                return i;
            }
        }
        return -1;
    }

    boolean shows(String itemId) {
        return indexOf(itemId) >= 0;
    }

    /** The logging policy's propensity of the item as served, or null. */
    Double propensity(String itemId) {
        if (servedPropensities == null) {
            return null;
        }
        for (int i = 0; i < servedItems.length; i++) {
            if (servedItems[i].equals(itemId)) {
                return (double) servedPropensities[i];
            }
        }
        return null;
    }

    /** Records an attributed outcome of a shown item (0 click, 1 add-to-cart, 2 purchase line). */
    void outcome(String itemId, int kind, double amount) {
        int i = indexOf(itemId);
        if (i < 0) {
            return;
        }
        if (counts == null) {
            counts = new int[3 * items.length];
            revenue = new double[items.length];
        }
        counts[3 * i + kind]++;
        revenue[i] += amount;
    }

    /** Replaces what counts as shown, keeping the outcomes of items that stay. */
    void show(String[] newItems, int[] newPositions) {
        int[] newCounts = counts == null ? null : new int[3 * newItems.length];
        double[] newRevenue = counts == null ? null : new double[newItems.length];
        if (counts != null) {
            for (int j = 0; j < newItems.length; j++) {
                int i = indexOf(newItems[j]);
                if (i >= 0) {
                    System.arraycopy(counts, 3 * i, newCounts, 3 * j, 3);
                    newRevenue[j] = revenue[i];
                }
            }
        }
        items = newItems;
        positions = newPositions;
        counts = newCounts;
        revenue = newRevenue;
    }

    ImpressionSet view() {
        List<ImpressionSet.Entry> entries = new ArrayList<>(items.length);
        for (int i = 0; i < items.length; i++) {
            entries.add(new ImpressionSet.Entry(items[i], positions[i], propensity(items[i]),
                    counts == null ? 0 : counts[3 * i], counts == null ? 0 : counts[3 * i + 1],
                    counts == null ? 0 : counts[3 * i + 2], revenue == null ? 0 : revenue[i]));
        }
        return new ImpressionSet(recommendationId, subject, experimentId, variantName, clientReported,
                Instant.ofEpochMilli(timeMillis), entries);
    }
}
