package org.shoptide.core.model;

import java.util.Arrays;
import org.shoptide.core.kernel.FloatKernels;
import org.shoptide.core.kernel.Kernels;

/**
 * Exact implicit-ALS solve of one user vector against fixed item factors (Hu, Koren, Volinsky 2008, eq. 4): x = (YᵀY +
 * Σ_i (c_i − 1)·y_i y_iᵀ + λ_u I)⁻¹ · Σ_i c_i·y_i with c_i = 1 + alpha·w_i and λ_u = λ·(ν + n)^e (the frequency-scaled
 * regularization used in training), by a Cholesky factorization in double precision. For rank 64 and 50 items that is
 * about 0.25 Mflop.
 */
public final class FoldIn {
    private FoldIn() {
    }

    /**
     * Solves a user's factors from the items they interacted with.
     *
     * @param itemFactors
     *            row-major [item][rank]
     * @param gramian
     *            YᵀY, rank × rank
     * @param itemIndexes
     *            items the user interacted with (distinct; indexes outside the model are skipped)
     * @param weights
     *            summed weight per item, as in training; entries with weight &lt;= 0 are skipped
     *
     * @return the user vector (zeros if no entry counts)
     */
    public static float[] solve(float[] itemFactors, float[] gramian, int rank, int[] itemIndexes, float[] weights,
            float lambda, float alpha, float regOffset, float regExponent) {
        if (itemIndexes.length != weights.length) {
            throw new IllegalArgumentException("itemIndexes and weights differ in length");
        }
        int r = rank;
        float[] result = new float[r];
        if (r == 0) {
            return result;
        }
        int nItems = itemFactors.length / r;
        int[] rows = new int[itemIndexes.length]; // offsets of the counted items' factors
        float[] c1 = new float[itemIndexes.length]; // their c − 1 = alpha·w
        double[] b = new double[r];
        int n = 0;
        for (int t = 0; t < itemIndexes.length; t++) {
            int i = itemIndexes[t];
            float w = weights[t];
            if (i < 0 || i >= nItems || !(w > 0f)) {
                continue;
            }
            rows[n] = i * r;
            c1[n] = alpha * w;
            for (int k = 0; k < r; k++) {
                b[k] += (1.0 + c1[n]) * itemFactors[rows[n] + k];
            }
            n++;
        }
        // Σ (c − 1)·y yᵀ, upper triangle, four items per pass over the matrix
        Scratch scratch = Scratch.get(r);
        float[] sum = scratch.sum;
        Arrays.fill(sum, 0, r * r, 0f);
        int t = 0;
        for (; t + 3 < n; t += 4) {
            int o0 = rows[t];
            int o1 = rows[t + 1];
            int o2 = rows[t + 2];
            int o3 = rows[t + 3];
            for (int k = 0; k < r; k++) {
                float s0 = c1[t] * itemFactors[o0 + k];
                float s1 = c1[t + 1] * itemFactors[o1 + k];
                float s2 = c1[t + 2] * itemFactors[o2 + k];
                float s3 = c1[t + 3] * itemFactors[o3 + k];
                int base = k * r;
                for (int l = k; l < r; l++) {
                    sum[base + l] += (s0 * itemFactors[o0 + l] + s1 * itemFactors[o1 + l])
                            + (s2 * itemFactors[o2 + l] + s3 * itemFactors[o3 + l]);
                }
            }
        }
        for (; t < n; t++) {
            int o = rows[t];
            for (int k = 0; k < r; k++) {
                float s = c1[t] * itemFactors[o + k];
                int base = k * r;
                for (int l = k; l < r; l++) {
                    sum[base + l] = Math.fma(s, itemFactors[o + l], sum[base + l]);
                }
            }
        }
        if (n == 0) {
            return result;
        }
        double reg = regExponent == 0f ? lambda : lambda * Math.pow(regOffset + n, regExponent);
        // A in the upper triangle of a (row-major), then A = UᵀU in place (right-looking Cholesky on rows)
        double[] a = scratch.a; // only the upper triangle is used, and all of it is written just below
        for (int k = 0; k < r; k++) {
            int base = k * r;
            for (int l = k; l < r; l++) {
                a[base + l] = (double) gramian[base + l] + sum[base + l];
            }
            a[base + k] += reg;
        }
        for (int j = 0; j < r; j++) {
            int jb = j * r;
            double ujj = Math.sqrt(Math.max(a[jb + j], 1e-12));
            a[jb + j] = ujj;
            double inv = 1.0 / ujj;
            for (int k = j + 1; k < r; k++) {
                a[jb + k] *= inv;
            }
            for (int i = j + 1; i < r; i++) {
                double f = a[jb + i];
                int ib = i * r;
                for (int k = i; k < r; k++) {
                    a[ib + k] -= f * a[jb + k];
                }
            }
        }
        // Uᵀ·z = b (column sweep on rows of U), then U·x = z
        for (int i = 0; i < r; i++) {
            int ib = i * r;
            double z = b[i] / a[ib + i];
            b[i] = z;
            for (int k = i + 1; k < r; k++) {
                b[k] -= a[ib + k] * z;
            }
        }
        for (int i = r - 1; i >= 0; i--) {
            int ib = i * r;
            double s = b[i];
            for (int k = i + 1; k < r; k++) {
                s -= a[ib + k] * b[k];
            }
            b[i] = s / a[ib + i];
        }
        for (int k = 0; k < r; k++) {
            result[k] = (float) b[k];
        }
        return result;
    }

    /**
     * Per-thread scratch for {@link #solve}: the rank × rank sums and the Cholesky matrix (48 KiB at rank 64) would
     * otherwise be allocated on every fold-in, that is on every personalized request.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> LOCAL = new ThreadLocal<>();
        final float[] sum;
        final double[] a;

        private Scratch(int rank) {
            sum = new float[rank * rank];
            a = new double[rank * rank];
        }

        static Scratch get(int rank) {
            Scratch s = LOCAL.get();
            if (s == null || s.sum.length < rank * rank) {
                s = new Scratch(rank);
                LOCAL.set(s);
            }
            return s;
        }
    }

    /** Items per tile of {@link #scoreBatch}: 1,024 × 64 floats = 256 KiB, which stays in the L2 cache. */
    static final int TILE = 1024;

    /**
     * out[i] = userVector · y_i for every item, from row-major [item][rank] factors: one pass over the matrix, reading
     * each item's row once ({@link FloatKernels#dots}). {@code out} may be longer; the rest is untouched.
     */
    public static void score(float[] itemFactors, int rank, int nItems, float[] userVector, float[] out) {
        if (userVector.length != rank || out.length < nItems || (long) nItems * rank > itemFactors.length) {
            throw new IllegalArgumentException("userVector must hold rank floats and out one per item");
        }
        Kernels.get().dots(itemFactors, 0, rank, nItems, rank, userVector, 0, out, 0);
    }

    /**
     * {@link #score} for several users at once: the items are visited in tiles of {@value #TILE}, and every user is
     * scored against a tile while it is in the cache, so the matrix streams from memory once per batch instead of once
     * per user. {@code outs[q]} receives the scores of {@code userVectors[q]}.
     */
    public static void scoreBatch(float[] itemFactors, int rank, int nItems, float[][] userVectors, float[][] outs) {
        if (userVectors.length != outs.length) {
            throw new IllegalArgumentException("one output array per user vector");
        }
        for (int q = 0; q < userVectors.length; q++) {
            if (userVectors[q].length != rank || outs[q].length < nItems) {
                throw new IllegalArgumentException("userVector must hold rank floats and out one per item");
            }
        }
        if ((long) nItems * rank > itemFactors.length) {
            throw new IllegalArgumentException("itemFactors holds fewer than nItems rows");
        }
        FloatKernels k = Kernels.get();
        for (int lo = 0; lo < nItems; lo += TILE) {
            int m = Math.min(TILE, nItems - lo);
            for (int q = 0; q < userVectors.length; q++) {
                k.dots(itemFactors, lo * rank, rank, m, rank, userVectors[q], 0, outs[q], lo);
            }
        }
    }
}
