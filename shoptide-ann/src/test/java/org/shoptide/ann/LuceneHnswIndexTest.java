package org.shoptide.ann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.shoptide.core.model.ExactVectorIndex;
import org.shoptide.core.port.VectorIndex;

class LuceneHnswIndexTest {
    private static final int RANK = 16;
    private static final int ITEMS = 1500;

    /** Gaussian rows whose norms vary like trained item factors (popular items larger). */
    private static float[] rows(SplittableRandom rnd) {
        float[] y = new float[ITEMS * RANK];
        for (int i = 0; i < ITEMS; i++) {
            double norm = 0.5 + 1.5 / Math.sqrt(1 + rnd.nextInt(ITEMS));
            for (int f = 0; f < RANK; f++) {
                y[i * RANK + f] = (float) (rnd.nextGaussian() * norm);
            }
        }
        return y;
    }

    private static float[] query(SplittableRandom rnd) {
        float[] q = new float[RANK];
        for (int f = 0; f < RANK; f++) {
            q[f] = (float) rnd.nextGaussian();
        }
        return q;
    }

    @Test
    void recallAtTenAgainstExactIsHigh() {
        SplittableRandom rnd = new SplittableRandom(1);
        float[] y = rows(rnd);
        VectorIndex exact = ExactVectorIndex.build(y, RANK);
        VectorIndex hnsw = LuceneHnswIndex.build(y, RANK, LuceneHnswIndex.Params.defaults());
        assertThat(hnsw.size()).isEqualTo(ITEMS);
        int found = 0;
        int queries = 200;
        for (int q = 0; q < queries; q++) {
            float[] v = query(rnd);
            int[] truth = exact.search(v, 10, null);
            int[] got = hnsw.search(v, 10, null);
            assertThat(got).hasSize(10).doesNotHaveDuplicates();
            for (int i : got) {
                if (Arrays.stream(truth).anyMatch(t -> t == i)) {
                    found++;
                }
            }
        }
        assertThat(found / (10.0 * queries)).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void excludedRowsNeverComeBackAndTheResultStaysFull() {
        SplittableRandom rnd = new SplittableRandom(2);
        float[] y = rows(rnd);
        VectorIndex exact = ExactVectorIndex.build(y, RANK);
        VectorIndex hnsw = LuceneHnswIndex.build(y, RANK, LuceneHnswIndex.Params.defaults());
        float[] v = query(rnd);
        int[] best = exact.search(v, 5, null);
        int[] got = hnsw.search(v, 10, i -> i % 2 == 0 || Arrays.stream(best).anyMatch(b -> b == i));
        assertThat(got).hasSize(10);
        for (int i : got) {
            assertThat(i % 2).isEqualTo(1);
            assertThat(best).doesNotContain(i);
        }
    }

    @Test
    void exactIndexRanksByInnerProduct() {
        float[] y = { 1, 0, 0, 1, 2, 2, -1, 0 };
        VectorIndex exact = ExactVectorIndex.build(y, 2);
        assertThat(exact.search(new float[] { 1, 1 }, 3, null)).containsExactly(2, 0, 1);
        assertThat(exact.search(new float[] { 1, 1 }, 2, i -> i == 2)).containsExactly(0, 1);
    }

    @Test
    void badShapesAreRejected() {
        assertThatThrownBy(() -> LuceneHnswIndex.build(new float[5], 2, LuceneHnswIndex.Params.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
        VectorIndex hnsw = LuceneHnswIndex.build(new float[] { 1, 0, 0, 1 }, 2, LuceneHnswIndex.Params.defaults());
        assertThatThrownBy(() -> hnsw.search(new float[3], 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LuceneHnswIndex.Params(1, 10, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
