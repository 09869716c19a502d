package org.shoptide.ltr;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Ranking metrics of one group and paired bootstrap intervals over groups. */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /**
     * NDCG@k (Järvelin & Kekäläinen 2002) of showing items in {@code order}: DCG = Σ gain_i / log2(1 + rank_i) over the
     * first k of the order, divided by the DCG of the best order. Gains are non-negative; 0 when all are 0.
     *
     * @param gains
     *            gain of each item (by item index)
     * @param order
     *            item indexes, best first
     */
    public static double ndcg(double[] gains, int[] order, int k) {
        double dcg = 0;
        for (int r = 0; r < Math.min(k, order.length); r++) {
            dcg += gains[order[r]] / log2(r + 2);
        }
        double[] ideal = gains.clone();
        Arrays.sort(ideal);
        double idcg = 0;
        for (int r = 0; r < Math.min(k, ideal.length); r++) {
            idcg += ideal[ideal.length - 1 - r] / log2(r + 2);
        }
        return idcg == 0 ? 0 : dcg / idcg;
    }

    /** Item indexes sorted by descending score (ties: lower index first). */
    public static int[] orderBy(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : a - b);
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }

    /**
     * Mean of {@code b - a} over paired observations with a percentile bootstrap 95 % interval (Efron & Tibshirani
     * 1993).
     *
     * @return {mean difference, lower, upper}
     */
    public static double[] pairedBootstrap(double[] a, double[] b, int resamples, long seed) {
        int n = a.length;
        if (n == 0) {
            return new double[] { Double.NaN, Double.NaN, Double.NaN };
        }
        double[] d = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            d[i] = b[i] - a[i];
            mean += d[i];
        }
        mean /= n;
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int s = 0; s < resamples; s++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += d[rnd.nextInt(n)];
            }
            means[s] = sum / n;
        }
        Arrays.sort(means);
        return new double[] { mean, means[(int) Math.floor(0.025 * (resamples - 1))],
                means[(int) Math.ceil(0.975 * (resamples - 1))] };
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
