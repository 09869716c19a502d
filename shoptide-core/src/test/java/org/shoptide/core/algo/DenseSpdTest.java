package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.shoptide.core.kernel.Kernels;
import org.shoptide.core.kernel.ScalarKernels;

class DenseSpdTest {
    /** XᵀX + λI of a random sparse binary X: the shape of EASE's Gram matrix. */
    private static double[] gramLike(int n, int rows, double lambda, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] g = new double[n * n];
        for (int u = 0; u < rows; u++) {
            int[] items = rnd.ints(6, 0, n).distinct().toArray();
            for (int a : items) {
                for (int b : items) {
                    g[a * n + b] += 1;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        return g;
    }

    @Test
    void coreAloneUsesTheScalarKernels() {
        assertThat(Kernels.get()).isSameAs(ScalarKernels.INSTANCE);
    }

    @Test
    void floatInverseMatchesTheDoubleInverseAcrossBlockBoundaries() throws Exception {
        int n = 150; // two full blocks of 64 and a partial one
        double[] d = gramLike(n, 400, 5, 3);
        float[] f = new float[n * n];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            DenseSpd.invertInPlace(d, n, pool, 2);
            DenseSpd.invertInPlace(f, n, pool, 2);
        } finally {
            pool.shutdown();
        }
        double max = 0;
        for (double x : d) {
            max = Math.max(max, Math.abs(x));
        }
        for (int i = 0; i < d.length; i++) {
            assertThat((double) f[i]).as("entry %d", i).isCloseTo(d[i], within(1e-5 * max));
        }
    }

    @Test
    void floatInverseTimesTheMatrixIsTheIdentity() {
        int n = 70;
        double[] d = gramLike(n, 200, 3, 5);
        float[] f = new float[n * n];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        DenseSpd.invertInPlace(f, n, null, 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += d[i * n + t] * f[t * n + j];
                }
                assertThat(s).isCloseTo(i == j ? 1 : 0, within(1e-4));
            }
        }
    }

    @Test
    void floatInverseRejectsAMatrixThatIsNotPositiveDefinite() {
        float[] a = { 1, 2, 2, 1 };
        assertThatThrownBy(() -> DenseSpd.invertInPlace(a, 2, null, 1)).isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("not positive definite");
        assertThatThrownBy(() -> DenseSpd.invertInPlace(new float[3], 2, null, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
