package org.shoptide.core.model;

import java.util.Objects;

/**
 * A trained item-to-item model as stored in a {@link ShopModel} (for example EASE pruned to its best weights, or the
 * sequence-aware transitions): a sparse matrix in compressed rows, row {@code a} holding items {@code cols[k]} with
 * weight {@code weights[k]} for {@code k ∈ [offsets[a], offsets[a+1])}, best first, and how a user's history weights
 * the rows at scoring time: every distinct item 1 ({@code recency == false}), or the newest item 1, the previous
 * {@code gamma}, then {@code gamma²} … over at most {@code window} items ({@code recency == true}). Scored by
 * {@code org.shoptide.core.algo.SparseItemScorer}. Arrays are not copied; treat them as read-only.
 */
public record ItemItemModel(String name, boolean recency, float gamma, int window, int[] offsets, int[] cols,
        float[] weights) {
    public ItemItemModel {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || offsets.length < 1 || cols.length != weights.length
                || offsets[offsets.length - 1] != cols.length || offsets[0] != 0) {
            throw new IllegalArgumentException("item model '" + name + "' has inconsistent CSR arrays");
        }
        if (!(gamma > 0 && gamma <= 1) || window < 1) {
            throw new IllegalArgumentException("item model '" + name + "': gamma must be in (0, 1], window >= 1");
        }
        for (int a = 0; a + 1 < offsets.length; a++) {
            if (offsets[a + 1] < offsets[a]) {
                throw new IllegalArgumentException("item model '" + name + "' has decreasing offsets");
            }
        }
        int rows = offsets.length - 1;
        for (int c : cols) {
            if (c < 0 || c >= rows) {
                throw new IllegalArgumentException("item model '" + name + "' refers to item " + c);
            }
        }
    }

    /** Number of items (rows). */
    public int items() {
        return offsets.length - 1;
    }
}
