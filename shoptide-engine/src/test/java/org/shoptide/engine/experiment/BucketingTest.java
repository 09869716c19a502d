package org.shoptide.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BucketingTest {

    @Test
    void positionsAreDeterministicAndUniform() {
        assertThat(Bucketing.position("exp_a", "user-1")).isEqualTo(Bucketing.position("exp_a", "user-1"));
        int[] deciles = new int[10];
        for (int u = 0; u < 20_000; u++) {
            double p = Bucketing.position("exp_a", "user-" + u);
            assertThat(p).isGreaterThanOrEqualTo(0).isLessThan(1);
            deciles[(int) (p * 10)]++;
        }
        for (int d : deciles) {
            assertThat(d).isBetween(1800, 2200); // 2000 expected, sd ~42
        }
    }

    @Test
    void splitFollowsTheWeights() {
        double[] weights = { 20, 80 };
        int b = 0;
        for (int u = 0; u < 10_000; u++) {
            b += Bucketing.variant(Bucketing.position("exp_w", "v" + u), weights);
        }
        assertThat(b / 10_000.0).isCloseTo(0.8, within(0.02));
        assertThat(Bucketing.variant(0.0, weights)).isZero();
        assertThat(Bucketing.variant(0.1999, weights)).isZero();
        assertThat(Bucketing.variant(0.2, weights)).isEqualTo(1);
    }

    @Test
    void assignmentsOfTwoExperimentsAreIndependent() {
        double[] half = { 1, 1 };
        int[][] table = new int[2][2];
        for (int u = 0; u < 20_000; u++) {
            table[Bucketing.variant(Bucketing.position("exp_one", "u" + u), half)][Bucketing
                    .variant(Bucketing.position("exp_two", "u" + u), half)]++;
        }
        // each cell ~5000 if independent (sd ~61); correlated hashing would empty the off-diagonal
        for (int[] row : table) {
            for (int cell : row) {
                assertThat(cell).isBetween(4700, 5300);
            }
        }
    }
}
