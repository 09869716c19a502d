package org.shoptide.core.algo;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;

/**
 * Sequence-aware item-to-item models, trained on each user's items in time order ({@link Sequences}) and scored from
 * the most recent history items with recency weights (newest 1, then γ, γ², … over at most {@code window} items).
 * <ul>
 * <li>{@link #transitions}: sequential rules (Ludewig &amp; Jannach 2018, "Evaluation of session-based recommendation
 * algorithms"): for every pair of positions p &lt; q within {@code steps} of each other in a sequence, item s_p → s_q
 * gains {@code 1/(q−p)}; rows are normalised by the item's count and the best {@code topK} kept.
 * <li>{@link #linear}: SLIST (Choi, Kim, Lee, Shim, Lee, WWW 2021, "Session-aware linear item-item models for
 * session-based recommendation") on user sequences: a ridge regression from the recency-weighted window before each
 * position to the item at that position (SLIT), optionally mixed with EASE on whole histories (SLIS, share α): with
 * {@code G = α·XᵀX + (1−α)·HᵀH + λI} and {@code P = G⁻¹}, {@code B = P·(α·XᵀX + (1−α)·HᵀY)}, then the zero-diagonal
 * correction {@code B_ij −= P_ij·B_jj / P_jj}. Dense n×n, for catalogs whose matrix fits in memory.
 * </ul>
 */
public final class SequenceModels {
    private SequenceModels() {
    }

    public static SparseItemScorer transitions(Sequences seq, int steps, int topK, float gamma, int window,
            ExecutorService pool, int threads) {
        if (steps < 1 || topK < 1) {
            throw new IllegalArgumentException("steps and topK must be >= 1");
        }
        int n = seq.itemCount();
        // index: for each item, the positions where it occurs (user sequences are flattened)
        int[] count = new int[n + 1];
        for (int it : seq.items()) {
            count[it + 1]++;
        }
        for (int i = 0; i < n; i++) {
            count[i + 1] += count[i];
        }
        int[] occ = new int[seq.items().length];
        int[] fill = Arrays.copyOf(count, n);
        int[] endOf = new int[seq.items().length]; // end (exclusive) of the sequence holding each position
        for (int u = 0; u < seq.users(); u++) {
            for (int p = seq.offsets()[u]; p < seq.offsets()[u + 1]; p++) {
                occ[fill[seq.items()[p]]++] = p;
                endOf[p] = seq.offsets()[u + 1];
            }
        }
        int[][] rowsI = new int[n][];
        float[][] rowsS = new float[n][];
        Parallel.forBlocks(pool, threads, n, 32, () -> new float[n], (start, end, acc) -> {
            int[] touched = new int[n];
            TopK top = new TopK(Math.min(topK, Math.max(1, n)));
            int[] ti = new int[top.capacity()];
            float[] ts = new float[top.capacity()];
            for (int a = start; a < end; a++) {
                int nt = 0;
                for (int o = count[a]; o < count[a + 1]; o++) {
                    int p = occ[o];
                    int last = Math.min(endOf[p], p + 1 + steps);
                    for (int q = p + 1; q < last; q++) {
                        int b = seq.items()[q];
                        if (b == a) {
                            continue;
                        }
                        if (acc[b] == 0f) {
                            touched[nt++] = b;
                        }
                        acc[b] += 1f / (q - p);
                    }
                }
                top.clear();
                float norm = Math.max(1, count[a + 1] - count[a]);
                for (int t = 0; t < nt; t++) {
                    int b = touched[t];
                    float s = acc[b] / norm;
                    acc[b] = 0f;
                    if (top.wouldAccept(b, s)) {
                        top.offer(b, s);
                    }
                }
                int c = top.drainSorted(ti, ts);
                rowsI[a] = Arrays.copyOf(ti, c);
                rowsS[a] = Arrays.copyOf(ts, c);
            }
        });
        return ItemKnn.Binary.toScorer("transitions", n, rowsI, rowsS, SparseItemScorer.HistoryWeighting.RECENCY, gamma,
                window);
    }

    /**
     * Trains the linear sequence-aware item model (whole-history EASE blended with the sequential term).
     *
     * @param alpha
     *            share of the SLIS (whole-history EASE) term, 0..1
     * @param topK
     *            0 keeps the dense matrix, else each row's largest {@code topK} weights
     */
    public static ItemScorer linear(TrainingData.Csr byUser, Sequences seq, double lambda, double alpha, float gamma,
            int window, int topK, int maxItems, ExecutorService pool, int threads) {
        if (!(lambda > 0) || !(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("lambda must be > 0 and alpha in [0, 1]");
        }
        int n = seq.itemCount();
        if (n > maxItems) {
            throw new IllegalArgumentException(
                    "the linear sequence model needs n×n matrices: " + n + " items exceed maxItems " + maxItems);
        }
        double[] g = new double[n * n]; // HᵀH, then the regularised system matrix, then its inverse P
        double[] t = new double[n * n]; // HᵀY, then the right-hand side
        float[] decay = new float[window];
        decay[0] = 1f;
        for (int k = 1; k < window; k++) {
            decay[k] = decay[k - 1] * gamma;
        }
        // rows of HᵀH and HᵀY are split by item a over the workers; each scans all positions
        int workers = Math.max(1, threads);
        int slice = (n + workers - 1) / workers;
        Parallel.forBlocks(pool, threads, workers, 1, () -> null, (ws, we, x) -> {
            for (int wk = ws; wk < we; wk++) {
                int lo = wk * slice;
                int hi = Math.min(n, lo + slice);
                for (int u = 0; u < seq.users(); u++) {
                    int from = seq.offsets()[u];
                    int to = seq.offsets()[u + 1];
                    for (int p = from + 1; p < to; p++) {
                        int target = seq.items()[p];
                        int first = Math.max(from, p - window);
                        for (int i = p - 1; i >= first; i--) {
                            int a = seq.items()[i];
                            if (a < lo || a >= hi) {
                                continue;
                            }
                            double xa = decay[p - 1 - i];
                            int base = a * n;
                            t[base + target] += xa;
                            for (int j = p - 1; j >= first; j--) {
                                g[base + seq.items()[j]] += xa * decay[p - 1 - j];
                            }
                        }
                    }
                }
            }
        });
        float[] gs = alpha > 0 ? Ease.gram(ItemKnn.Binary.of(byUser), n, pool, threads) : null;
        for (int k = 0; k < g.length; k++) {
            double s = gs == null ? 0 : alpha * gs[k];
            g[k] = s + (1 - alpha) * g[k];
            t[k] = s + (1 - alpha) * t[k];
        }
        gs = null;
        for (int i = 0; i < n; i++) {
            g[i * n + i] += lambda;
        }
        DenseSpd.invertInPlace(g, n, pool, threads);
        double[] b = multiply(g, t, n, pool, threads);
        if (alpha > 0) {
            // zero-diagonal constraint of the SLIS part: B ← B − P·diag(B_jj / P_jj)
            double[] mu = new double[n];
            for (int j = 0; j < n; j++) {
                mu[j] = b[j * n + j] / g[j * n + j];
            }
            for (int i = 0; i < n; i++) {
                int base = i * n;
                for (int j = 0; j < n; j++) {
                    b[base + j] -= g[base + j] * mu[j];
                }
            }
        }
        if (topK > 0) {
            return SparseItemScorer.fromDense("seqlinear", b, n, topK, SparseItemScorer.HistoryWeighting.RECENCY, gamma,
                    window);
        }
        return new DenseItemScorer("seqlinear", n, DenseItemScorer.toFloat(b),
                SparseItemScorer.HistoryWeighting.RECENCY, gamma, window);
    }

    /** P·M for dense row-major n×n matrices, skipping M's zero entries (M is sparse in practice). */
    static double[] multiply(double[] p, double[] m, int n, ExecutorService pool, int threads) {
        // M's non-zeros by row
        int[] off = new int[n + 1];
        for (int k = 0; k < n; k++) {
            int c = 0;
            for (int j = 0; j < n; j++) {
                if (m[k * n + j] != 0) {
                    c++;
                }
            }
            off[k + 1] = off[k] + c;
        }
        int[] col = new int[off[n]];
        double[] val = new double[off[n]];
        for (int k = 0, w = 0; k < n; k++) {
            for (int j = 0; j < n; j++) {
                double v = m[k * n + j];
                if (v != 0) {
                    col[w] = j;
                    val[w++] = v;
                }
            }
        }
        double[] out = m; // reuse: each output row only needs P's row and all of M's (already copied) non-zeros
        Arrays.fill(out, 0);
        Parallel.forBlocks(pool, threads, n, 16, () -> null, (start, end, s) -> {
            for (int i = start; i < end; i++) {
                int bi = i * n;
                for (int k = 0; k < n; k++) {
                    double pik = p[bi + k];
                    if (pik == 0) {
                        continue;
                    }
                    for (int q = off[k]; q < off[k + 1]; q++) {
                        out[bi + col[q]] += pik * val[q];
                    }
                }
            }
        });
        return out;
    }
}
