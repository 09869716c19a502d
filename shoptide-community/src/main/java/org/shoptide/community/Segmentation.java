package org.shoptide.community;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chooses k and clusters: k-means ({@link KMeans}) for every k in [kMin, kMax], each scored by its mean silhouette
 * ({@link Silhouette}) on a seeded sample of at most {@value #SILHOUETTE_SAMPLE} points; the k with the highest score
 * wins (the smaller k on a tie). Reproducible: the same points and seed give the same k and clusters. Clusters are
 * renumbered 1..k by size, largest first, so segment numbers are stable across runs on similar data.
 */
public final class Segmentation {
    static final int SILHOUETTE_SAMPLE = 2000;
    static final int RESTARTS = 5;
    static final int MAX_ITERATIONS = 100;

    private Segmentation() {
    }

    /**
     * The chosen clustering.
     *
     * @param k
     *            the chosen number of segments
     * @param silhouetteByK
     *            the mean silhouette of each k tried, the criterion that chose k
     * @param segment
     *            each point's segment, 1..k
     * @param centroids
     *            the centre of segment s at index s - 1 (standardised features)
     * @param sizes
     *            points per segment, index s - 1
     */
    public record Choice(int k, Map<Integer, Double> silhouetteByK, int[] segment, double[][] centroids, int[] sizes) {
    }

    public static Choice choose(double[][] x, int kMin, int kMax, long seed) {
        if (x.length < 3) {
            throw new IllegalArgumentException("segmentation needs at least 3 customers, got " + x.length);
        }
        int lo = Math.max(2, kMin);
        int hi = Math.min(kMax, x.length - 1);
        if (lo > hi) {
            throw new IllegalArgumentException(
                    "no k to try in [" + kMin + ", " + kMax + "] for " + x.length + " customers");
        }
        int[] sample = sample(x.length, seed);
        double[][] xs = new double[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            xs[i] = x[sample[i]];
        }
        Map<Integer, Double> scores = new LinkedHashMap<>();
        KMeans.Result best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = lo; k <= hi; k++) {
            KMeans.Result r = KMeans.fit(x, k, seed + k, RESTARTS, MAX_ITERATIONS);
            int[] sa = new int[sample.length];
            for (int i = 0; i < sample.length; i++) {
                sa[i] = r.assignment()[sample[i]];
            }
            double s = Silhouette.mean(xs, sa, k);
            scores.put(k, s);
            if (s > bestScore + 1e-12) {
                bestScore = s;
                best = r;
            }
        }
        return renumber(best, scores);
    }

    private static Choice renumber(KMeans.Result r, Map<Integer, Double> scores) {
        int k = r.k();
        int[] size = new int[k];
        for (int a : r.assignment()) {
            size[a]++;
        }
        List<Integer> order = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            order.add(j);
        }
        order.sort((a, b) -> size[a] != size[b] ? Integer.compare(size[b], size[a]) : Integer.compare(a, b));
        int[] newIndex = new int[k];
        double[][] centroids = new double[k][];
        int[] sizes = new int[k];
        for (int s = 0; s < k; s++) {
            newIndex[order.get(s)] = s;
            centroids[s] = r.centroids()[order.get(s)];
            sizes[s] = size[order.get(s)];
        }
        int[] segment = new int[r.assignment().length];
        for (int i = 0; i < segment.length; i++) {
            segment[i] = newIndex[r.assignment()[i]] + 1;
        }
        return new Choice(k, Map.copyOf(scores), segment, centroids, sizes);
    }

    private static int[] sample(int n, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        if (n <= SILHOUETTE_SAMPLE) {
            return idx;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < SILHOUETTE_SAMPLE; i++) {
            int j = i + random.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return Arrays.copyOf(idx, SILHOUETTE_SAMPLE);
    }
}
