package org.shoptide.ltr;

import java.util.Arrays;
import java.util.List;

/**
 * The examination probability of each position relative to position 1, estimated from the impressions that the logging
 * policy's exploration drew at random. In those lists an item's position is independent of its relevance, so the
 * click-through rate at position k is θ_k times the mean relevance of the pool, and θ_k / θ_1 = CTR_k / CTR_1 (the
 * randomisation estimate of Joachims, Swaminathan & Schnabel 2017, "Unbiased Learning-to-Rank with Biased Feedback"). A
 * click at position k then stands for 1 / θ_k relevant items (inverse propensity weighting).
 * <p>
 * Positions without explored data, or an estimate when there was no click at position 1, fall back to θ = 1 (no
 * correction). Estimates are clipped to [0.05, 1] so that one lucky click deep in the list cannot dominate.
 */
public final class PositionBias {
    static final double MIN_THETA = 0.05;
    private final double[] theta;
    private final int explored;

    private PositionBias(double[] theta, int explored) {
        this.theta = theta;
        this.explored = explored;
    }

    /** No correction. */
    public static PositionBias none(int positions) {
        double[] t = new double[positions];
        Arrays.fill(t, 1);
        return new PositionBias(t, 0);
    }

    public static PositionBias estimate(List<ImpressionLog.Group> groups, int positions) {
        long[] shown = new long[positions];
        long[] clicks = new long[positions];
        int n = 0;
        for (ImpressionLog.Group g : groups) {
            if (!g.explored()) {
                continue;
            }
            n++;
            for (ImpressionLog.Row r : g.rows()) {
                int k = r.position() - 1;
                if (k >= 0 && k < positions) {
                    shown[k]++;
                    clicks[k] += r.label() > 0 ? 1 : 0;
                }
            }
        }
        if (n == 0 || shown[0] == 0 || clicks[0] == 0) {
            PositionBias none = none(positions);
            return new PositionBias(none.theta, n);
        }
        double top = clicks[0] / (double) shown[0];
        double[] t = new double[positions];
        for (int k = 0; k < positions; k++) {
            t[k] = shown[k] == 0 ? 1 : Math.max(MIN_THETA, Math.min(1, clicks[k] / (double) shown[k] / top));
        }
        return new PositionBias(t, n);
    }

    /** θ of a 1-based position (1 beyond the estimated ones). */
    public double theta(int position) {
        return position >= 1 && position <= theta.length ? theta[position - 1] : 1;
    }

    /** Explored impressions the estimate came from (0: no correction). */
    public int exploredImpressions() {
        return explored;
    }

    public double[] thetas() {
        return theta.clone();
    }
}
