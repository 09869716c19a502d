package org.shoptide.core.algo;

import java.util.concurrent.ExecutorService;

/**
 * Dense symmetric positive-definite matrices, row-major {@code double[n·n]}: in-place inversion by <b>blocked</b>
 * Gauss–Jordan elimination without pivoting (stable for SPD matrices, whose pivots stay positive). For each block K of
 * {@value #BLOCK} pivots, with R the other indices:
 *
 * <pre>
 * A_KK ← A_KK⁻¹        A_KR ← A_KK⁻¹·A_KR        A_RK ← −A_RK·A_KK⁻¹        A_RR ← A_RR − A_RK·(A_KK⁻¹·A_KR)
 * </pre>
 *
 * After the last block the matrix holds its inverse. The {@code A_RR} update is a rank-{@value #BLOCK} product, so each
 * row of the matrix is read and written once per block instead of once per pivot: the sweep is bounded by arithmetic,
 * not memory bandwidth. Rows are updated in parallel on the pool. Cost n³ multiply-adds; used by EASE and the
 * sequence-aware linear model for catalogs whose n×n matrix fits in memory.
 */
public final class DenseSpd {
    /** Pivots per block. */
    static final int BLOCK = 64;
    /** Columns per chunk of a row update, so the chunk stays in the L1 cache across the block's pivots. */
    private static final int CHUNK = 1024;

    private DenseSpd() {
    }

    /** Replaces {@code a} (n×n, SPD) with its inverse. Throws if a pivot is not positive (not SPD). */
    public static void invertInPlace(double[] a, int n, ExecutorService pool, int threads) {
        if ((long) n * n != a.length) {
            throw new IllegalArgumentException("a must hold n*n values");
        }
        double[] inv = new double[BLOCK * BLOCK];
        double[] top = new double[BLOCK * n];
        int rowsPerTask = Math.max(8, n / (threads * 16));
        for (int k0 = 0; k0 < n; k0 += BLOCK) {
            final int kb = Math.min(BLOCK, n - k0);
            final int k = k0;
            // A_KK⁻¹ by scalar Gauss–Jordan on the small block
            for (int s = 0; s < kb; s++) {
                System.arraycopy(a, (k + s) * n + k, inv, s * kb, kb);
            }
            invertSmall(inv, kb, k);
            // top = A_KK⁻¹ · A_K· (all columns; the K columns are replaced by A_KK⁻¹ below)
            java.util.Arrays.fill(top, 0, kb * n, 0);
            for (int s = 0; s < kb; s++) {
                int ts = s * n;
                for (int t = 0; t < kb; t++) {
                    double f = inv[s * kb + t];
                    int at = (k + t) * n;
                    for (int j = 0; j < n; j++) {
                        top[ts + j] += f * a[at + j];
                    }
                }
                System.arraycopy(inv, s * kb, top, ts + k, kb);
            }
            Parallel.forBlocks(pool, threads, n, rowsPerTask, () -> new double[BLOCK], (start, end, f) -> {
                for (int i = start; i < end; i++) {
                    if (i >= k && i < k + kb) {
                        continue;
                    }
                    int ii = i * n;
                    boolean any = false;
                    for (int t = 0; t < kb; t++) {
                        f[t] = a[ii + k + t];
                        any |= f[t] != 0;
                    }
                    if (!any) {
                        continue;
                    }
                    // A_iR −= A_iK · top_KR (the K columns are overwritten just after)
                    for (int j0 = 0; j0 < n; j0 += CHUNK) {
                        int j1 = Math.min(n, j0 + CHUNK);
                        for (int t = 0; t < kb; t++) {
                            double ft = f[t];
                            if (ft == 0) {
                                continue;
                            }
                            int tt = t * n;
                            for (int j = j0; j < j1; j++) {
                                a[ii + j] -= ft * top[tt + j];
                            }
                        }
                    }
                    // A_iK = −A_iK · A_KK⁻¹
                    for (int t = 0; t < kb; t++) {
                        double sum = 0;
                        for (int s = 0; s < kb; s++) {
                            sum += f[s] * inv[s * kb + t];
                        }
                        a[ii + k + t] = -sum;
                    }
                }
            });
            for (int s = 0; s < kb; s++) {
                System.arraycopy(top, s * n, a, (k + s) * n, n);
            }
        }
    }

    /** In-place scalar Gauss–Jordan inverse of a small SPD block; {@code offset} names pivots in errors. */
    private static void invertSmall(double[] m, int b, int offset) {
        for (int p = 0; p < b; p++) {
            int pp = p * b;
            double d = m[pp + p];
            if (!(d > 0)) {
                throw new ArithmeticException(
                        "matrix is not positive definite (pivot " + (offset + p) + " = " + d + ")");
            }
            double r = 1.0 / d;
            for (int j = 0; j < b; j++) {
                m[pp + j] *= r;
            }
            m[pp + p] = r;
            for (int i = 0; i < b; i++) {
                if (i == p) {
                    continue;
                }
                int ii = i * b;
                double f = m[ii + p];
                if (f == 0) {
                    continue;
                }
                m[ii + p] = 0;
                for (int j = 0; j < b; j++) {
                    m[ii + j] -= f * m[pp + j];
                }
            }
        }
    }
}
