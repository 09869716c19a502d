package org.shoptide.core.algo;

import java.util.Arrays;

/**
 * Each user's distinct items in time order (oldest first), derived from a {@link TrainingData.Csr} by sorting each row
 * by its latest timestamp (ties: item index). Only pairs with positive summed weight count. Sequence-aware models train
 * on these; a pair's position is its latest interaction, so a repeated item appears once, at its last occurrence.
 *
 * @param offsets
 *            user u's sequence is {@code items[offsets[u] .. offsets[u+1])}
 * @param items
 *            item indexes
 */
public record Sequences(int users, int itemCount, int[] offsets, int[] items) {

    public static Sequences of(TrainingData.Csr byUser) {
        int n = byUser.rows();
        int[] off = new int[n + 1];
        int[] out = new int[byUser.nnz()];
        int w = 0;
        for (int u = 0; u < n; u++) {
            off[u] = w;
            int from = w;
            for (int k = byUser.offsets()[u]; k < byUser.offsets()[u + 1]; k++) {
                if (byUser.weights()[k] > 0) {
                    out[w++] = k; // the pair's CSR position, replaced by its item below
                }
            }
            long[] last = byUser.lastSeen();
            int[] col = byUser.indexes();
            Integer[] pos = new Integer[w - from];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = out[from + i];
            }
            Arrays.sort(pos,
                    (x, y) -> last[x] != last[y] ? Long.compare(last[x], last[y]) : Integer.compare(col[x], col[y]));
            for (int i = 0; i < pos.length; i++) {
                out[from + i] = pos[i];
            }
            for (int i = from; i < w; i++) {
                out[i] = col[out[i]];
            }
        }
        off[n] = w;
        return new Sequences(n, byUser.cols(), off, Arrays.copyOf(out, w));
    }

    public int length(int user) {
        return offsets[user + 1] - offsets[user];
    }
}
