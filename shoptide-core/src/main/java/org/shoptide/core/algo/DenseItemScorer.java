package org.shoptide.core.algo;

import java.util.Arrays;
import java.util.Objects;

/**
 * An item-to-item model kept as a dense row-major {@code n×n} float matrix {@code W}; scores are
 * {@code Σ_h x_h · W[h][·]} with the history weights of {@link SparseItemScorer.HistoryWeighting}. For catalogs whose
 * matrix fits in memory (EASE, the sequence-aware linear model); {@link #pruned} keeps each row's largest weights for
 * serving large catalogs.
 */
public final class DenseItemScorer implements ItemScorer {
    private final String name;
    private final int n;
    private final float[] w;
    private final SparseItemScorer.HistoryWeighting weighting;
    private final float gamma;
    private final int window;

    public DenseItemScorer(String name, int n, float[] w, SparseItemScorer.HistoryWeighting weighting, float gamma,
            int window) {
        this.name = Objects.requireNonNull(name, "name");
        if ((long) n * n != w.length) {
            throw new IllegalArgumentException("w must hold n*n values");
        }
        if (!(gamma > 0 && gamma <= 1) || window < 1) {
            throw new IllegalArgumentException("gamma must be in (0, 1] and window >= 1");
        }
        this.n = n;
        this.w = w;
        this.weighting = Objects.requireNonNull(weighting, "weighting");
        this.gamma = gamma;
        this.window = window;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int itemCount() {
        return n;
    }

    /** The {@code k} largest positive off-diagonal weights of each row, as a sparse model with the same weighting. */
    public SparseItemScorer pruned(int k) {
        return SparseItemScorer.fromDense(name, w, n, k, weighting, gamma, window);
    }

    @Override
    public void score(int user, int[] history, float[] historyWeights, float[] out) {
        Arrays.fill(out, 0, n, 0f);
        if (weighting == SparseItemScorer.HistoryWeighting.BINARY) {
            boolean[] seen = new boolean[n];
            for (int t = 0; t < history.length; t++) {
                int a = history[t];
                if (a >= 0 && a < n && historyWeights[t] > 0 && !seen[a]) {
                    seen[a] = true;
                    addRow(a, 1f, out);
                }
            }
            return;
        }
        float x = 1f;
        int used = 0;
        for (int t = history.length - 1; t >= 0 && used < window; t--) {
            int a = history[t];
            if (a < 0 || a >= n || historyWeights[t] <= 0) {
                continue;
            }
            addRow(a, x, out);
            x *= gamma;
            used++;
        }
    }

    private void addRow(int a, float x, float[] out) {
        int base = a * n;
        for (int j = 0; j < n; j++) {
            out[j] += x * w[base + j];
        }
    }
}
