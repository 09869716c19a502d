package org.shoptide.community;

import java.util.Arrays;

/**
 * The mean silhouette coefficient of a clustering (Rousseeuw, "Silhouettes: a graphical aid to the interpretation and
 * validation of cluster analysis", 1987): for each point, a = mean distance to the other points of its cluster, b = the
 * least mean distance to the points of another cluster, s = (b - a) / max(a, b), and s = 0 for a point alone in its
 * cluster; the mean over all points, in [-1, 1], higher is better separated. Exact, O(n²) distances: callers sample
 * large populations first.
 */
public final class Silhouette {
    private Silhouette() {
    }

    public static double mean(double[][] x, int[] assignment, int k) {
        int n = x.length;
        if (k < 2 || n < 2) {
            return 0;
        }
        int[] size = new int[k];
        for (int a : assignment) {
            size[a]++;
        }
        double total = 0;
        double[] sum = new double[k];
        for (int i = 0; i < n; i++) {
            Arrays.fill(sum, 0);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[assignment[j]] += Math.sqrt(KMeans.dist2(x[i], x[j]));
                }
            }
            int own = assignment[i];
            if (size[own] <= 1) {
                continue;
            }
            double a = sum[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && size[c] > 0) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            if (Double.isInfinite(b)) {
                continue;
            }
            double m = Math.max(a, b);
            total += m == 0 ? 0 : (b - a) / m;
        }
        return total / n;
    }
}
