package org.shoptide.community;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means (1957/1982) with k-means++ seeding (Arthur and Vassilvitskii, "k-means++: The Advantages of Careful
 * Seeding", SODA 2007): the first centre uniformly, each next one with probability proportional to its squared distance
 * from the nearest centre chosen so far; then assign/update until no point changes cluster or {@code maxIterations}.
 * Several restarts, the one with the least within-cluster sum of squares kept. Deterministic for a seed: the same
 * points and seed give the same clusters. An empty cluster takes the point farthest from its centre.
 */
public final class KMeans {
    private KMeans() {
    }

    /**
     * A clustering.
     *
     * @param assignment
     *            cluster of each point, 0..k-1
     * @param centroids
     *            k centres
     * @param inertia
     *            within-cluster sum of squared distances
     */
    public record Result(int k, int[] assignment, double[][] centroids, double inertia) {
    }

    public static Result fit(double[][] points, int k, long seed, int restarts, int maxIterations) {
        if (k < 1 || k > points.length) {
            throw new IllegalArgumentException("k must be 1 to the number of points (" + points.length + "), got " + k);
        }
        SplittableRandom random = new SplittableRandom(seed);
        Result best = null;
        for (int r = 0; r < Math.max(1, restarts); r++) {
            Result res = once(points, k, random.split(), maxIterations);
            if (best == null || res.inertia() < best.inertia()) {
                best = res;
            }
        }
        return best;
    }

    private static Result once(double[][] x, int k, SplittableRandom random, int maxIterations) {
        int n = x.length;
        int d = x[0].length;
        double[][] c = new double[k][];
        c[0] = x[random.nextInt(n)].clone();
        double[] nearest = new double[n];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], dist2(x[i], c[j - 1]));
                total += nearest[i];
            }
            int pick = n - 1;
            if (total > 0) {
                double u = random.nextDouble() * total;
                for (int i = 0; i < n; i++) {
                    u -= nearest[i];
                    if (u < 0) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = random.nextInt(n);
            }
            c[j] = x[pick].clone();
        }
        int[] a = new int[n];
        Arrays.fill(a, -1);
        for (int it = 0; it < Math.max(1, maxIterations); it++) {
            boolean changed = false;
            for (int i = 0; i < n; i++) {
                int best = nearestCentre(x[i], c);
                if (best != a[i]) {
                    a[i] = best;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
            double[][] sum = new double[k][d];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[a[i]]++;
                for (int f = 0; f < d; f++) {
                    sum[a[i]][f] += x[i][f];
                }
            }
            for (int j = 0; j < k; j++) {
                if (count[j] == 0) {
                    int far = 0;
                    double farD = -1;
                    for (int i = 0; i < n; i++) {
                        double dd = dist2(x[i], c[a[i]]);
                        if (dd > farD) {
                            farD = dd;
                            far = i;
                        }
                    }
                    c[j] = x[far].clone();
                    a[far] = j;
                } else {
                    for (int f = 0; f < d; f++) {
                        sum[j][f] /= count[j];
                    }
                    c[j] = sum[j];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            a[i] = nearestCentre(x[i], c);
        }
        double inertia = 0;
        for (int i = 0; i < n; i++) {
            inertia += dist2(x[i], c[a[i]]);
        }
        return new Result(k, a, c, inertia);
    }

    static int nearestCentre(double[] p, double[][] c) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int j = 0; j < c.length; j++) {
            double dd = dist2(p, c[j]);
            if (dd < bestD) {
                bestD = dd;
                best = j;
            }
        }
        return best;
    }

    static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double t = a[i] - b[i];
            s += t * t;
        }
        return s;
    }
}
