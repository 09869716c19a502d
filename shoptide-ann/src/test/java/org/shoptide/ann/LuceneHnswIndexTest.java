package org.shoptide.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.shoptide.core.port.VectorIndex;
import org.shoptide.testing.contract.VectorIndexContract;

/** The HNSW index with its default parameters is an approximate {@link VectorIndex}: recall@10 at least 0.95. */
class LuceneHnswIndexTest implements VectorIndexContract {

    @Override
    public VectorIndex.Builder builder() {
        return LuceneHnswIndex.builder(LuceneHnswIndex.Params.defaults());
    }

    @Override
    public double minRecallAt10() {
        return 0.95;
    }

    @Test
    void badParamsAreRejected() {
        assertThatThrownBy(() -> new LuceneHnswIndex.Params(1, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LuceneHnswIndex.Params(2, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LuceneHnswIndex.Params(2, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theGraphTakesMemoryProportionalToTheRows() {
        float[] rows = VectorIndexContract.randomRows(1, 1_000, RANK);
        LuceneHnswIndex small = LuceneHnswIndex.build(rows, RANK, LuceneHnswIndex.Params.defaults());
        LuceneHnswIndex empty = LuceneHnswIndex.build(new float[0], RANK, LuceneHnswIndex.Params.defaults());
        assertThat(small.graphBytes()).isGreaterThan(empty.graphBytes());
    }
}
