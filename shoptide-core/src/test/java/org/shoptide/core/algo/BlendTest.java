package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlendTest {

    @Test
    void fusesRanksWithWeightsAndNamesTheMainSource() {
        Blend b = new Blend(Map.of("als", 1.0, "neighbors", 2.0, "popular", 0.5), 60);
        b.add("als", 10, 0.9);
        b.add("als", 11, 0.5);
        b.add("als", 12, 0.1);
        b.add("neighbors", 11, 40.0, 3); // neighbour of seed 3
        b.add("neighbors", 13, 15.0, 4);
        b.add("popular", 12, 1000);
        List<Blend.Scored> top = b.top(10, null);
        assertThat(top).extracting(Blend.Scored::item).containsExactly(11, 13, 12, 10);
        Blend.Scored first = top.get(0);
        // als rank 2 (1/62) + neighbors rank 1 (2/61)
        assertThat(first.score()).isCloseTo(1.0 / 62 + 2.0 / 61, within(1e-12));
        assertThat(first.source()).isEqualTo("neighbors");
        assertThat(first.because()).isEqualTo(3);
        // item 12: als rank 3 (1/63) beats its popular rank 1 (0.5/61) as the main source; together they pass 10
        Blend.Scored third = top.get(2);
        assertThat(third.score()).isCloseTo(1.0 / 63 + 0.5 / 61, within(1e-12));
        assertThat(third.source()).isEqualTo("als");
        assertThat(third.because()).isEqualTo(-1);
        assertThat(top.get(3).score()).isCloseTo(1.0 / 61, within(1e-12));
        assertThat(b.candidateCount()).isEqualTo(4);
    }

    @Test
    void filtersLimitsAndSumsRepeatedCandidatesOfOneSource() {
        Blend b = new Blend(Map.of("neighbors", 1.0));
        b.add("neighbors", 5, 10, 100); // similar to seed 100
        b.add("neighbors", 6, 12, 101);
        b.add("neighbors", 5, 7, 102); // and to seed 102: summed 17, seed of the largest part is 100
        b.add("neighbors", 7, 1, 103);
        b.add("other", 8, 3); // unknown source: weight 1
        List<Blend.Scored> top = b.top(2, i -> i != 6);
        assertThat(top).extracting(Blend.Scored::item).containsExactly(5, 8);
        assertThat(top.get(0).because()).isEqualTo(100);
        assertThat(top.get(1).source()).isEqualTo("other");
        assertThat(b.top(0, null)).isEmpty();
    }

    @Test
    void zeroWeightIgnoresASourceAndTiesGoToTheLowerIndex() {
        Blend b = new Blend(Map.of("off", 0.0));
        b.add("off", 1, 100);
        b.add("a", 9, 1);
        b.add("b", 4, 1);
        assertThat(b.top(5, null)).extracting(Blend.Scored::item).containsExactly(4, 9);
    }

    @Test
    void handlesManyCandidates() {
        Blend b = new Blend(Map.of("x", 1.0, "y", 1.0));
        for (int i = 0; i < 5000; i++) {
            b.add("x", i, i);
            b.add("y", i, -i);
        }
        List<Blend.Scored> top = b.top(3, null);
        assertThat(top).hasSize(3);
        assertThat(b.candidateCount()).isEqualTo(5000);
        // symmetric ranks: item 0 and item 4999 tie at the top; the lower index wins
        assertThat(top.get(0).item()).isZero();
        assertThat(top.get(1).item()).isEqualTo(4999);
    }
}
