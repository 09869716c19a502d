package org.shoptide.core.algo;

import java.util.concurrent.ExecutorService;

/**
 * Dense symmetric positive-definite matrices, row-major {@code double[n·n]}: in-place inversion by Gauss–Jordan
 * elimination without pivoting (stable for SPD matrices, whose pivots stay positive). Each pivot step is a set of
 * independent row updates ({@code a_i ← a_i − a_ik · a_k}), contiguous and vectorisable, spread over the pool. Cost n³
 * multiply-adds; used by EASE and the sequence-aware linear model for catalogs whose n×n matrix fits in memory.
 */
public final class DenseSpd {
    private DenseSpd() {
    }

    /** Replaces {@code a} (n×n, SPD) with its inverse. Throws if a pivot is not positive (not SPD). */
    public static void invertInPlace(double[] a, int n, ExecutorService pool, int threads) {
        if ((long) n * n != a.length) {
            throw new IllegalArgumentException("a must hold n*n values");
        }
        int block = Math.max(16, n / (threads * 8));
        for (int k = 0; k < n; k++) {
            int kk = k * n;
            double p = a[kk + k];
            if (!(p > 0)) {
                throw new ArithmeticException("matrix is not positive definite (pivot " + k + " = " + p + ")");
            }
            double inv = 1.0 / p;
            for (int j = 0; j < n; j++) {
                a[kk + j] *= inv;
            }
            a[kk + k] = inv;
            final int pivot = k;
            Parallel.forBlocks(pool, threads, n, block, () -> null, (start, end, s) -> {
                for (int i = start; i < end; i++) {
                    if (i == pivot) {
                        continue;
                    }
                    int ii = i * n;
                    double f = a[ii + pivot];
                    if (f == 0) {
                        continue;
                    }
                    a[ii + pivot] = 0;
                    for (int j = 0; j < n; j++) {
                        a[ii + j] -= f * a[kk + j];
                    }
                }
            });
        }
    }
}
