package org.shoptide.core.algo;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import org.shoptide.core.kernel.FloatKernels;
import org.shoptide.core.kernel.Kernels;
import org.shoptide.core.kernel.ScalarKernels;

/**
 * Implicit-feedback matrix factorization by alternating least squares, Hu, Koren, Volinsky (2008), "Collaborative
 * Filtering for Implicit Feedback Datasets": every (user, item) cell has preference p = 1 if its summed weight w &gt; 0
 * (else 0) and confidence c = 1 + alpha·w (1 for unobserved cells). Each row is solved with a few warm-started
 * conjugate-gradient steps instead of an exact solve, Takács, Pilászy, Tikk (2011), "Applications of the conjugate
 * gradient method for implicit feedback collaborative filtering", computing (YᵀY + Σ (c−1)·y yᵀ + λ_u I)·v without
 * forming the matrix, from the Gramian YᵀY computed once per half-iteration.
 * <p>
 * Regularization is frequency-scaled as in Rendle, Krichene, Zhang, Koren (2022), "Revisiting the performance of iALS
 * on item recommendation benchmarks": a row with n observed entries gets λ_u = λ·(ν + n)^e, with ν = {@code regOffset}
 * and e = {@code regExponent} (e = 0 gives plain λ, e = 1 the weighted-λ of ALS-WR).
 * <p>
 * Factors start from a seeded normal distribution scaled by 1/√rank. Rows are solved in parallel on the given pool with
 * per-worker scratch; results do not depend on the number of threads (the Gramian is summed in fixed chunks).
 */
public final class ImplicitAls {
    private static final int GRAM_CHUNK = 4096;
    private static final int SOLVE_BLOCK = 256;

    private ImplicitAls() {
    }

    /**
     * Trained factors.
     *
     * @param userFactors
     *            row-major [user][rank]
     * @param itemFactors
     *            row-major [item][rank]
     * @param itemGramian
     *            YᵀY of the final item factors, rank × rank
     * @param epochMillis
     *            wall time of each epoch
     */
    public record Result(int rank, float[] userFactors, float[] itemFactors, float[] itemGramian, long[] epochMillis) {
    }

    /** Sparse rows of observed cells: column indexes and c − 1 = alpha·w. */
    record Rows(int rows, int[] offsets, int[] cols, float[] conf) {
        Rows transpose(int nCols) {
            int[] off = new int[nCols + 1];
            for (int c : cols) {
                off[c + 1]++;
            }
            for (int c = 0; c < nCols; c++) {
                off[c + 1] += off[c];
            }
            int[] next = Arrays.copyOf(off, nCols);
            int[] tc = new int[cols.length];
            float[] tv = new float[cols.length];
            for (int r = 0; r < rows; r++) {
                for (int k = offsets[r]; k < offsets[r + 1]; k++) {
                    int d = next[cols[k]]++;
                    tc[d] = r;
                    tv[d] = conf[k];
                }
            }
            return new Rows(nCols, off, tc, tv);
        }
    }

    /** Observed cells of {@code byUser}: pairs with positive summed weight. */
    static Rows positives(TrainingData.Csr byUser, float alpha) {
        int n = byUser.rows();
        int[] off = new int[n + 1];
        float[] w = byUser.weights();
        int nnz = 0;
        for (int k = 0; k < byUser.nnz(); k++) {
            if (w[k] > 0) {
                nnz++;
            }
        }
        int[] cols = new int[nnz];
        float[] conf = new float[nnz];
        int d = 0;
        int[] src = byUser.offsets();
        for (int u = 0; u < n; u++) {
            for (int k = src[u]; k < src[u + 1]; k++) {
                if (w[k] > 0) {
                    cols[d] = byUser.indexes()[k];
                    conf[d++] = alpha * w[k];
                }
            }
            off[u + 1] = d;
        }
        return new Rows(n, off, cols, conf);
    }

    public static Result train(TrainingData.Csr byUser, TrainingParams params, ExecutorService pool) {
        int r = params.rank();
        int nUsers = byUser.rows();
        int nItems = byUser.cols();
        Rows users = positives(byUser, params.alpha());
        Rows items = users.transpose(nItems);
        float[] x = new float[nUsers * r];
        float[] y = new float[nItems * r];
        SplittableRandom rnd = new SplittableRandom(params.seed());
        double scale = 1.0 / Math.sqrt(r);
        for (int k = 0; k < y.length; k++) {
            y[k] = (float) (rnd.nextGaussian() * scale);
        }
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (rnd.nextGaussian() * scale);
        }
        float[] g = new float[r * r];
        long[] epochs = new long[params.iterations()];
        for (int it = 0; it < params.iterations(); it++) {
            long t0 = System.nanoTime();
            gramian(y, nItems, r, g, pool, params.threads());
            solveAll(users, x, y, g, params, pool);
            gramian(x, nUsers, r, g, pool, params.threads());
            solveAll(items, y, x, g, params, pool);
            epochs[it] = (System.nanoTime() - t0) / 1_000_000;
        }
        gramian(y, nItems, r, g, pool, params.threads());
        return new Result(r, x, y, g, epochs);
    }

    /** λ·(ν + n)^e for a row with n observed entries. */
    public static float rowRegularization(float lambda, float regOffset, float regExponent, int n) {
        return regExponent == 0f ? lambda : (float) (lambda * Math.pow(regOffset + n, regExponent));
    }

    /** Rows per transposed panel of the Gramian: the panel (rank × rows) and its rows stay in the L1/L2 cache. */
    private static final int GRAM_PANEL = 64;

    /**
     * out = FᵀF (rows × rank, row-major), summed in fixed chunks so the result does not depend on threads. Each chunk
     * is a sequence of panels of {@value #GRAM_PANEL} rows: the panel is transposed, then row k of the partial sum
     * gains Σ_i F[i][k]·F[i][·], one {@link FloatKernels#axpys} call over the panel's rows.
     */
    static void gramian(float[] f, int rows, int r, float[] out, ExecutorService pool, int threads) {
        int chunks = Math.max(1, (rows + GRAM_CHUNK - 1) / GRAM_CHUNK);
        float[][] partial = new float[chunks][];
        FloatKernels kern = Kernels.get();
        Parallel.forBlocks(pool, threads, chunks, 1, () -> new float[r * GRAM_PANEL], (start, end, ft) -> {
            for (int c = start; c < end; c++) {
                float[] acc = new float[r * r];
                int hi = Math.min(rows, (c + 1) * GRAM_CHUNK);
                for (int lo = c * GRAM_CHUNK; lo < hi; lo += GRAM_PANEL) {
                    int m = Math.min(GRAM_PANEL, hi - lo);
                    for (int i = 0; i < m; i++) {
                        int o = (lo + i) * r;
                        for (int k = 0; k < r; k++) {
                            ft[k * m + i] = f[o + k];
                        }
                    }
                    for (int k = 0; k < r; k++) {
                        kern.axpys(ft, k * m, m, f, lo * r, r, r, acc, k * r);
                    }
                }
                partial[c] = acc;
            }
        });
        for (int k = 0; k < r; k++) {
            for (int l = k; l < r; l++) {
                double s = 0;
                for (int c = 0; c < chunks; c++) {
                    s += partial[c][k * r + l];
                }
                out[k * r + l] = (float) s;
                out[l * r + k] = (float) s;
            }
        }
    }

    private static void solveAll(Rows rows, float[] x, float[] y, float[] g, TrainingParams p, ExecutorService pool) {
        int r = p.rank();
        Parallel.forBlocks(pool, p.threads(), rows.rows(), SOLVE_BLOCK, () -> new RowScratch(r), (start, end, s) -> {
            for (int u = start; u < end; u++) {
                int from = rows.offsets()[u];
                int to = rows.offsets()[u + 1];
                float reg = rowRegularization(p.lambda(), p.regOffset(), p.regExponent(), to - from);
                solveRow(x, u * r, y, rows.cols(), rows.conf(), from, to, g, reg, r, p.cgSteps(), s);
            }
        });
    }

    /** Rows of at most this many entries are gathered once per solve; longer ones chunk by chunk per pass. */
    static final int CHUNK = 2048;

    /** Per-worker CG vectors and a local copy of the factors of the row being solved. */
    static final class RowScratch {
        final float[] res;
        final float[] p;
        final float[] ap;
        /** The factors of a chunk of the row's entries, gathered so that every pass reads local memory. */
        final float[] yl;
        /** y_k · v for the chunk's entries. */
        final float[] d;
        final FloatKernels kernels = Kernels.get();

        RowScratch(int rank) {
            res = new float[rank];
            p = new float[rank];
            ap = new float[rank];
            yl = new float[rank * CHUNK];
            d = new float[CHUNK];
        }
    }

    /**
     * A few CG steps on (G + reg·I + Σ c'·y yᵀ)·x = Σ (1 + c')·y, starting from the current x (in place), where c' = c
     * − 1 are the {@code conf} entries of the row. The row's factors are gathered into local scratch once (per chunk
     * and pass for very long rows); the products y_k·v are computed four entries at a time.
     */
    static void solveRow(float[] x, int xo, float[] y, int[] cols, float[] conf, int from, int to, float[] g, float reg,
            int r, int steps, RowScratch s) {
        float[] res = s.res;
        float[] p = s.p;
        float[] ap = s.ap;
        boolean once = to - from <= CHUNK;
        if (once) {
            gather(y, cols, from, to - from, r, s);
        }
        // residual = b − A·x = −(G + reg·I)·x + Σ ((1 + c') − c'·(y·x))·y
        gemv(g, reg, x, xo, ap, r, s.kernels);
        for (int l = 0; l < r; l++) {
            res[l] = -ap[l];
        }
        accumulate(x, xo, true, y, cols, conf, from, to, r, once, s, res);
        System.arraycopy(res, 0, p, 0, r);
        float rs = ScalarKernels.INSTANCE.dot(res, 0, res, 0, r); // fixed order: deterministic
        for (int step = 0; step < steps && rs > 1e-20f; step++) {
            gemv(g, reg, p, 0, ap, r, s.kernels);
            accumulate(p, 0, false, y, cols, conf, from, to, r, once, s, ap);
            float pap = ScalarKernels.INSTANCE.dot(p, 0, ap, 0, r);
            if (!(pap > 0f)) {
                break;
            }
            float a = rs / pap;
            for (int l = 0; l < r; l++) {
                x[xo + l] = Math.fma(a, p[l], x[xo + l]);
            }
            for (int l = 0; l < r; l++) {
                res[l] = Math.fma(-a, ap[l], res[l]);
            }
            float rsNew = ScalarKernels.INSTANCE.dot(res, 0, res, 0, r);
            float beta = rsNew / rs;
            for (int l = 0; l < r; l++) {
                p[l] = Math.fma(beta, p[l], res[l]);
            }
            rs = rsNew;
        }
    }

    /**
     * out += Σ_k coef_k·y_k over the row's entries, with d_k = y_k·v and coef_k = (1 + c'_k) − c'_k·d_k when
     * {@code residual}, else c'_k·d_k.
     */
    private static void accumulate(float[] v, int vo, boolean residual, float[] y, int[] cols, float[] conf, int from,
            int to, int r, boolean gathered, RowScratch s, float[] out) {
        float[] yl = s.yl;
        float[] d = s.d;
        FloatKernels kern = s.kernels;
        for (int c0 = from; c0 < to; c0 += CHUNK) {
            int m = Math.min(CHUNK, to - c0);
            if (!gathered) {
                gather(y, cols, c0, m, r, s);
            }
            kern.dots(yl, 0, r, m, r, v, vo, d, 0);
            for (int k = 0; k < m; k++) {
                float c = conf[c0 + k];
                d[k] = residual ? (1f + c) - c * d[k] : c * d[k];
            }
            kern.axpys(d, 0, m, yl, 0, r, r, out, 0);
        }
    }

    /** Copies the factors of entries {@code from .. from+m} into the scratch, row-major: yl[k·r + l]. */
    private static void gather(float[] y, int[] cols, int from, int m, int r, RowScratch s) {
        float[] yl = s.yl;
        for (int k = 0; k < m; k++) {
            System.arraycopy(y, cols[from + k] * r, yl, k * r, r);
        }

    }

    /** out = (G + reg·I)·v, G symmetric r × r: reg·v plus the rows of G scaled by v (one kernel call). */
    private static void gemv(float[] g, float reg, float[] v, int vo, float[] out, int r, FloatKernels kern) {
        for (int l = 0; l < r; l++) {
            out[l] = reg * v[vo + l];
        }
        kern.axpys(v, vo, r, g, 0, r, r, out, 0);
    }
}
