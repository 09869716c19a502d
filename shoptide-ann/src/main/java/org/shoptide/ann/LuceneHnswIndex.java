package org.shoptide.ann;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.lucene.codecs.hnsw.FlatVectorScorerUtil;
import org.apache.lucene.codecs.hnsw.FlatVectorsScorer;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.hnsw.HnswGraphBuilder;
import org.apache.lucene.util.hnsw.HnswGraphSearcher;
import org.apache.lucene.util.hnsw.OnHeapHnswGraph;
import org.apache.lucene.util.hnsw.RandomVectorScorer;
import org.shoptide.core.port.VectorIndex;

/**
 * {@link VectorIndex} on Lucene's in-memory HNSW graph (Malkov and Yashunin, "Efficient and robust approximate nearest
 * neighbor search using Hierarchical Navigable Small World graphs", 2016) with Lucene's maximum-inner-product
 * similarity. The graph is built once, single-threaded, with a fixed seed; a search explores {@code max(k, efSearch)}
 * candidates and honours exclusions inside the graph walk (Lucene's filtered search), so excluded items never take a
 * result slot. Memory: the vectors ({@code 4 × rank} bytes per row, one copy) plus the graph (about
 * {@code 4 × 2 × maxConn} bytes per row on the bottom layer).
 */
public final class LuceneHnswIndex implements VectorIndex {
    private static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT;
    private static final FlatVectorsScorer SCORER = FlatVectorScorerUtil.getLucene99FlatVectorsScorer();

    /**
     * Graph parameters.
     *
     * @param maxConn
     *            neighbours per node per layer (HNSW's M; the bottom layer keeps twice as many)
     * @param beamWidth
     *            candidates considered while inserting a node (efConstruction)
     * @param efSearch
     *            candidates kept while searching (at least k); larger is slower and more exact
     */
    public record Params(int maxConn, int beamWidth, int efSearch) {
        public Params {
            if (maxConn < 2 || beamWidth < 1 || efSearch < 1) {
                throw new IllegalArgumentException("maxConn >= 2, beamWidth >= 1, efSearch >= 1 required");
            }
        }

        /**
         * M 16, efConstruction 100, efSearch 500: recall@10 0.99 at 30k items where efSearch 200 gave 0.95–0.97 and
         * 0.87–0.89 at 100k (docs/BENCHMARKS.md).
         */
        public static Params defaults() {
            return new Params(16, 100, 500);
        }
    }

    private final FloatVectorValues vectors;
    private final OnHeapHnswGraph graph;
    private final int rank;
    private final int efSearch;

    private LuceneHnswIndex(FloatVectorValues vectors, OnHeapHnswGraph graph, int rank, int efSearch) {
        this.vectors = vectors;
        this.graph = graph;
        this.rank = rank;
        this.efSearch = efSearch;
    }

    /** A {@link VectorIndex.Builder} with the given parameters. */
    public static VectorIndex.Builder builder(Params params) {
        return (rows, rank) -> build(rows, rank, params);
    }

    /** Builds the graph over {@code rows} ({@code count × rank}, row-major; copied). */
    public static LuceneHnswIndex build(float[] rows, int rank, Params params) {
        if (rank <= 0 || rows.length % rank != 0) {
            throw new IllegalArgumentException("rows.length " + rows.length + " is not a multiple of rank " + rank);
        }
        int count = rows.length / rank;
        List<float[]> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            float[] row = new float[rank];
            System.arraycopy(rows, i * rank, row, 0, rank);
            list.add(row);
        }
        FloatVectorValues vectors = FloatVectorValues.fromFloats(list, rank);
        try {
            var supplier = SCORER.getRandomVectorScorerSupplier(SIMILARITY, vectors);
            OnHeapHnswGraph graph = HnswGraphBuilder.create(supplier, params.maxConn(), params.beamWidth(), 42L)
                    .build(count);
            return new LuceneHnswIndex(vectors, graph, rank, params.efSearch());
        } catch (IOException e) {
            throw new UncheckedIOException("building the HNSW graph failed", e); // on-heap: not expected
        }
    }

    @Override
    public int size() {
        return vectors.size();
    }

    @Override
    public int rank() {
        return rank;
    }

    /** Heap bytes of the graph (the vectors add {@code 4 × rank × size()} plus one array header per row). */
    public long graphBytes() {
        return graph.ramBytesUsed();
    }

    @Override
    public int[] search(float[] query, int k, IntPredicate excluded) {
        if (query.length != rank) {
            throw new IllegalArgumentException("query has " + query.length + " dimensions, the index " + rank);
        }
        if (k <= 0 || size() == 0) {
            return new int[0];
        }
        int n = size();
        Bits accept = excluded == null ? null : new Bits() {
            @Override
            public boolean get(int index) {
                return !excluded.test(index);
            }

            @Override
            public int length() {
                return n;
            }
        };
        try {
            RandomVectorScorer scorer = SCORER.getRandomVectorScorer(SIMILARITY, vectors.copy(), query);
            KnnCollector c = HnswGraphSearcher.search(scorer, Math.max(k, efSearch), graph, accept, Integer.MAX_VALUE);
            ScoreDoc[] docs = c.topDocs().scoreDocs; // best first
            int m = Math.min(k, docs.length);
            int[] out = new int[m];
            for (int i = 0; i < m; i++) {
                out[i] = docs[i].doc;
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("HNSW search failed", e);
        }
    }
}
