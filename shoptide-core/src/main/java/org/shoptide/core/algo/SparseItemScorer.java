package org.shoptide.core.algo;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntToDoubleFunction;
import org.shoptide.core.model.ItemItemModel;

/**
 * An item-to-item model in compressed sparse rows: row {@code a} holds the items {@code b} with weight {@code W[a][b]},
 * best first. A user's score is {@code Σ_h x_h · W[h][·]} over the history, where the history weight {@code x_h} is
 * either 1 for every distinct history item ({@link HistoryWeighting#BINARY}, the neighbourhood and EASE convention), or
 * decays with recency: the newest item weighs 1, the one before {@code γ}, then {@code γ²}, …, over at most
 * {@code window} items ({@link HistoryWeighting#RECENCY}, for sequence-aware models).
 * <p>
 * Immutable and thread-safe; scoring touches only the rows of the history items.
 */
public final class SparseItemScorer implements ItemScorer {
    /** How the history becomes the weights of the rows summed. */
    public enum HistoryWeighting {
        BINARY, RECENCY
    }

    private final String name;
    private final int items;
    private final int[] offsets;
    private final int[] cols;
    private final float[] weights;
    private final HistoryWeighting weighting;
    private final float gamma;
    private final int window;

    public SparseItemScorer(String name, int items, int[] offsets, int[] cols, float[] weights,
            HistoryWeighting weighting, float gamma, int window) {
        this.name = Objects.requireNonNull(name, "name");
        if (offsets.length != items + 1 || cols.length != weights.length || offsets[items] != cols.length) {
            throw new IllegalArgumentException("inconsistent CSR arrays");
        }
        if (!(gamma > 0 && gamma <= 1) || window < 1) {
            throw new IllegalArgumentException("gamma must be in (0, 1] and window >= 1");
        }
        this.items = items;
        this.offsets = offsets;
        this.cols = cols;
        this.weights = weights;
        this.weighting = Objects.requireNonNull(weighting, "weighting");
        this.gamma = gamma;
        this.window = window;
    }

    /** Keeps the {@code k} largest weights of each row of a dense row-major matrix (0 = keep every positive). */
    public static SparseItemScorer fromDense(String name, double[] dense, int n, int k, HistoryWeighting weighting,
            float gamma, int window) {
        return fromDense(name, i -> dense[i], n, k, weighting, gamma, window);
    }

    /** As {@link #fromDense(String, double[], int, int, HistoryWeighting, float, int)}, for a float matrix. */
    public static SparseItemScorer fromDense(String name, float[] dense, int n, int k, HistoryWeighting weighting,
            float gamma, int window) {
        return fromDense(name, i -> dense[i], n, k, weighting, gamma, window);
    }

    /** Reads entry {@code a·n + b} of the dense matrix, whatever its element type (no n×n copy). */
    private static SparseItemScorer fromDense(String name, IntToDoubleFunction dense, int n, int k,
            HistoryWeighting weighting, float gamma, int window) {
        int[] off = new int[n + 1];
        int keep = k <= 0 ? n : Math.min(k, n);
        TopK top = new TopK(keep);
        int[] ti = new int[keep];
        float[] ts = new float[keep];
        int[][] rowsI = new int[n][];
        float[][] rowsS = new float[n][];
        int nnz = 0;
        for (int a = 0; a < n; a++) {
            top.clear();
            int base = a * n;
            for (int b = 0; b < n; b++) {
                float v = (float) dense.applyAsDouble(base + b);
                if (v > 0 && b != a && top.wouldAccept(b, v)) {
                    top.offer(b, v);
                }
            }
            int m = top.drainSorted(ti, ts);
            rowsI[a] = Arrays.copyOf(ti, m);
            rowsS[a] = Arrays.copyOf(ts, m);
            nnz += m;
        }
        int[] cols = new int[nnz];
        float[] w = new float[nnz];
        int p = 0;
        for (int a = 0; a < n; a++) {
            off[a] = p;
            System.arraycopy(rowsI[a], 0, cols, p, rowsI[a].length);
            System.arraycopy(rowsS[a], 0, w, p, rowsS[a].length);
            p += rowsI[a].length;
        }
        off[n] = p;
        return new SparseItemScorer(name, n, off, cols, w, weighting, gamma, window);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int itemCount() {
        return items;
    }

    public int nonZeros() {
        return cols.length;
    }

    public int[] offsets() {
        return offsets;
    }

    public int[] cols() {
        return cols;
    }

    public float[] weights() {
        return weights;
    }

    public HistoryWeighting weighting() {
        return weighting;
    }

    public float gamma() {
        return gamma;
    }

    public int window() {
        return window;
    }

    /** Receives the contributions of {@link #accumulate}. */
    @FunctionalInterface
    public interface Accumulator {
        /** Item {@code item} gains {@code score}, contributed by history item {@code because}. */
        void add(int item, float score, int because);
    }

    /** The stored form of this model, for a {@link org.shoptide.core.model.ShopModel}. */
    public ItemItemModel toModel() {
        return new ItemItemModel(name, weighting == HistoryWeighting.RECENCY, gamma, window, offsets, cols, weights);
    }

    /** The scorer of a stored model. */
    public static SparseItemScorer of(ItemItemModel m) {
        return new SparseItemScorer(m.name(), m.items(), m.offsets(), m.cols(), m.weights(),
                m.recency() ? HistoryWeighting.RECENCY : HistoryWeighting.BINARY, m.gamma(), m.window());
    }

    @Override
    public void score(int user, int[] history, float[] historyWeights, float[] out) {
        Arrays.fill(out, 0, items, 0f);
        accumulate(history, historyWeights, (item, score, because) -> out[item] += score);
    }

    /**
     * The non-zero contributions behind {@link #score}, one per (history row, entry): the server's pipeline collects
     * candidates this way without touching the rest of the catalog.
     */
    public void accumulate(int[] history, float[] historyWeights, Accumulator acc) {
        if (weighting == HistoryWeighting.BINARY) {
            for (int t = 0; t < history.length; t++) {
                int a = history[t];
                if (a >= 0 && a < items && historyWeights[t] > 0 && !seenLater(history, t)) {
                    addRow(a, 1f, acc);
                }
            }
            return;
        }
        float x = 1f;
        int used = 0;
        for (int t = history.length - 1; t >= 0 && used < window; t--) {
            int a = history[t];
            if (a < 0 || a >= items || historyWeights[t] <= 0) {
                continue;
            }
            addRow(a, x, acc);
            x *= gamma;
            used++;
        }
    }

    /** True if item history[t] occurs again after t (binary weighting counts each item once). */
    private static boolean seenLater(int[] history, int t) {
        for (int s = t + 1; s < history.length; s++) {
            if (history[s] == history[t]) {
                return true;
            }
        }
        return false;
    }

    private void addRow(int a, float x, Accumulator acc) {
        for (int k = offsets[a]; k < offsets[a + 1]; k++) {
            acc.add(cols[k], x * weights[k], a);
        }
    }
}
