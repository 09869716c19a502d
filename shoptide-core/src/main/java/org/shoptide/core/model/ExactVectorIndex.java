package org.shoptide.core.model;

import org.shoptide.core.port.VectorIndex;
import java.util.function.IntPredicate;
import org.shoptide.core.algo.TopK;

/** The exact {@link VectorIndex}: one pass over every row per query, then {@link TopK}. The reference for recall. */
public final class ExactVectorIndex implements VectorIndex {
    private final float[] rows;
    private final int rank;
    private final int count;

    private ExactVectorIndex(float[] rows, int rank) {
        if (rank <= 0 || rows.length % rank != 0) {
            throw new IllegalArgumentException("rows.length " + rows.length + " is not a multiple of rank " + rank);
        }
        this.rows = rows.clone();
        this.rank = rank;
        this.count = rows.length / rank;
    }

    /** A {@link VectorIndex.Builder} of exact indexes. */
    public static ExactVectorIndex build(float[] rows, int rank) {
        return new ExactVectorIndex(rows, rank);
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int[] search(float[] query, int k, IntPredicate excluded) {
        if (query.length != rank) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the index " + rank);
        }
        float[] scores = new float[count];
        for (int i = 0, o = 0; i < count; i++, o += rank) {
            float s = 0;
            for (int f = 0; f < rank; f++) {
                s += rows[o + f] * query[f];
            }
            scores[i] = s;
        }
        return TopK.select(scores, Math.max(0, k), excluded);
    }
}
