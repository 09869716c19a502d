package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void selectsBestFirstWithExclusions() {
        float[] s = { 0.5f, 3f, 1f, 9f, 3f, -2f, Float.NaN, 7f };
        assertThat(TopK.select(s, 3, null)).containsExactly(3, 7, 1);
        // ties break by the lower index; excluded indexes are skipped
        assertThat(TopK.select(s, 3, i -> i == 3)).containsExactly(7, 1, 4);
        assertThat(TopK.select(s, 20, null)).containsExactly(3, 7, 1, 4, 2, 0, 5);
        assertThat(TopK.select(s, 0, null)).isEmpty();
    }

    @Test
    void agreesWithFullSortOnRandomData() {
        SplittableRandom r = new SplittableRandom(7);
        float[] s = new float[10_000];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(500); // many ties
        }
        int[] expected = IntStream.range(0, s.length).boxed().filter(i -> i % 3 != 0)
                .sorted(Comparator.<Integer> comparingDouble(i -> -s[i]).thenComparingInt(i -> i)).limit(100)
                .mapToInt(Integer::intValue).toArray();
        assertThat(TopK.select(s, 100, i -> i % 3 == 0)).containsExactly(expected);
    }

    @Test
    void reusableInstanceDrainsSorted() {
        TopK top = new TopK(2);
        top.offer(4, 1f);
        top.offer(5, 2f);
        top.offer(6, 0.5f);
        top.offer(7, 3f);
        int[] idx = new int[2];
        float[] sc = new float[2];
        assertThat(top.drainSorted(idx, sc)).isEqualTo(2);
        assertThat(idx).containsExactly(7, 5);
        assertThat(sc).containsExactly(3f, 2f);
        assertThat(top.size()).isZero();
        assertThat(Arrays.stream(top.sortedIndexes()).count()).isZero();
    }
}
