package org.shoptide.peers.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FactorsTest {
    /** Rank 1: the score of item i for user 0 is items[i]. */
    private static final Factors ONE_USER = new Factors(1, new float[] { 1 }, new float[] { 0.5f, 3, 2, 3, -1, 0.5f });

    @Test
    void topKIsBestFirstSkipsExcludedItemsAndBreaksTiesByLowerIndex() {
        float[] scratch = new float[6];

        assertThat(ONE_USER.topK(0, new int[0], 4, scratch)).containsExactly(1, 3, 2, 0);
        assertThat(ONE_USER.topK(0, new int[] { 1, 2 }, 3, scratch)).containsExactly(3, 0, 5);
        assertThat(ONE_USER.topK(0, new int[] { 0, 1, 2, 3 }, 10, scratch)).containsExactly(5, 4);
    }

    @Test
    void dotProductMatchesTheDefinitionForRanksThatAreNotMultiplesOfFour() {
        float[] a = { 1, 2, 3, 4, 5, 6, 7 };
        float[] b = { 7, 6, 5, 4, 3, 2, 1 };
        assertThat(Factors.dot(a, 0, b, 0, 7)).isEqualTo(84f);
        assertThat(Factors.dot(a, 2, b, 1, 3)).isEqualTo(3 * 6 + 4 * 5 + 5 * 4);
    }

    @Test
    void recallAndNdcgByHandAndUnrankedUsersCountZero() {
        Map<String, List<String>> targets = new LinkedHashMap<>();
        targets.put("u1", List.of("a", "b"));
        targets.put("u2", List.of("c"));
        targets.put("cold", List.of("a"));
        Map<String, List<String>> ranked = Map.of("u1", List.of("x", "a", "y", "b"), "u2", List.of("z", "y"));

        Rankings.Quality q = Rankings.quality(ranked, targets, 3);

        // u1: one hit (a at position 1) of 2 targets; b at position 3 is outside the top 3
        double idcg = 1 + 1 / log2(3);
        assertThat(q.recall()).isCloseTo((0.5 + 0 + 0) / 3, within(1e-12));
        assertThat(q.recallCapped()).as("hits / min(3, |T|)").isCloseTo((0.5 + 0 + 0) / 3, within(1e-12));
        assertThat(q.ndcg()).isCloseTo((1 / log2(3) / idcg) / 3, within(1e-12));
        assertThat(Rankings.quality(Map.of("u", List.of("a", "b", "x")), Map.of("u", List.of("a", "b", "c", "d")), 2)
                .recallCapped()).as("2 hits of min(2, 4)").isEqualTo(1.0);
        assertThat(q.users()).isEqualTo(3);
        assertThat(q.unranked()).isEqualTo(1);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
