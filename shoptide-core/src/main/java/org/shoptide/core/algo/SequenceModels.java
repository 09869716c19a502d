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
 * correction {@code B_ij −= P_ij·B_jj / P_jj}. Dense n×n floats, solved by {@link Slist} (one n×n matrix, EASE's
 * symmetric SIMD inverse), for catalogs whose matrix fits in memory.
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
    public static ItemScorer linear(Sequences seq, double lambda, double alpha, float gamma, int window, int topK,
            int maxItems, ExecutorService pool, int threads) {
        if (!(lambda > 0) || !(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("lambda must be > 0 and alpha in [0, 1]");
        }
        int n = seq.itemCount();
        if (n > maxItems) {
            throw new IllegalArgumentException(
                    "the linear sequence model needs an n×n matrix: " + n + " items exceed maxItems " + maxItems);
        }
        float[] b = Slist.solve(seq, lambda, alpha, gamma, window, pool, threads);
        if (topK > 0) {
            return SparseItemScorer.fromDense("seqlinear", b, n, topK, SparseItemScorer.HistoryWeighting.RECENCY, gamma,
                    window);
        }
        return new DenseItemScorer("seqlinear", n, b, SparseItemScorer.HistoryWeighting.RECENCY, gamma, window);
    }
}
