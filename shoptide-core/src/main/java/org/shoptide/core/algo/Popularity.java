package org.shoptide.core.algo;

import java.time.Instant;

/**
 * Time-decayed popularity and trending per item.
 * <p>
 * Each (user, item) pair with positive summed weight w and latest timestamp t contributes w·2^(−age/h), age = now − t
 * (clamped at 0), so a user counts once per item, at their latest interaction. Popularity is that sum with the
 * popularity half-life h_l. Trending compares the short-term rate r_s = S_s·ln2/h_s (half-life h_s) with the long-term
 * baseline rate r_l = S_l·ln2/h_l, both per day, smoothed by m = the mean baseline rate over items: trending = (r_s +
 * m) / (r_l + m). A steady item scores about 1, a rising one above 1; the smoothing keeps a single fresh interaction on
 * an otherwise unknown item from topping the list.
 */
public final class Popularity {
    private Popularity() {
    }

    /** Popularity and trending, one value per item. */
    public record Scores(float[] popularity, float[] trending) {
    }

    public static Scores compute(TrainingData.Csr byItem, Instant now, double popularityHalfLifeDays,
            double trendingHalfLifeHours) {
        int n = byItem.rows();
        long nowMs = now.toEpochMilli();
        double hl = popularityHalfLifeDays * 86_400_000d;
        double hs = trendingHalfLifeHours * 3_600_000d;
        float[] pop = new float[n];
        double[] shortRate = new double[n];
        double[] longRate = new double[n];
        double sumLong = 0;
        int[] off = byItem.offsets();
        float[] w = byItem.weights();
        long[] last = byItem.lastSeen();
        for (int i = 0; i < n; i++) {
            double sl = 0;
            double ss = 0;
            for (int k = off[i]; k < off[i + 1]; k++) {
                if (w[k] <= 0) {
                    continue;
                }
                double age = Math.max(0, nowMs - last[k]);
                sl += w[k] * decay(age, hl);
                ss += w[k] * decay(age, hs);
            }
            pop[i] = (float) sl;
            longRate[i] = sl * Math.log(2) / popularityHalfLifeDays;
            shortRate[i] = ss * Math.log(2) / (trendingHalfLifeHours / 24d);
            sumLong += longRate[i];
        }
        double m = n == 0 ? 0 : sumLong / n;
        if (m <= 0) {
            m = 1e-9;
        }
        float[] trend = new float[n];
        for (int i = 0; i < n; i++) {
            trend[i] = (float) ((shortRate[i] + m) / (longRate[i] + m));
        }
        return new Scores(pop, trend);
    }

    /** 2^(−age/halfLife). */
    public static double decay(double age, double halfLife) {
        return Math.exp(-Math.log(2) * age / halfLife);
    }
}
