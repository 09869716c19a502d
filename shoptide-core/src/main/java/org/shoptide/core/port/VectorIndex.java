package org.shoptide.core.port;

import java.util.function.IntPredicate;

/**
 * Maximum-inner-product search over a fixed set of row vectors (a model's item factors): the rows whose dot product
 * with a query is largest. {@link ExactVectorIndex} scans every row; an approximate implementation (for example HNSW,
 * Malkov and Yashunin 2016, in the {@code shoptide-ann} module) trades a little recall for sub-linear time on large
 * catalogs. Implementations are immutable after {@link Builder#build}, safe for concurrent searches, and answer the
 * same rows and query the same way. Every implementation runs {@code VectorIndexContract} in {@code shoptide-testing}.
 */
public interface VectorIndex {
    /** Number of rows. */
    int size();

    /** Dimension of the rows. */
    int rank();

    /**
     * Up to {@code k} row indexes with the largest {@code row · query}, best first, never one {@code excluded} accepts
     * ({@code null} excludes nothing). An approximate index may miss some of the exact answer.
     *
     * @throws IllegalArgumentException
     *             if {@code query.length} is not {@link #rank()}
     */
    int[] search(float[] query, int k, IntPredicate excluded);

    /** Builds an index over {@code rows} ({@code count × rank}, row-major; the array is not modified or kept). */
    @FunctionalInterface
    interface Builder {
        /**
         * Builds the index.
         *
         * @throws IllegalArgumentException
         *             if {@code rank} is not positive or {@code rows.length} is not a multiple of it
         */
        VectorIndex build(float[] rows, int rank);
    }
}
