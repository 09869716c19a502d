package org.shoptide.core.algo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LlrTest {

    /** G² = 2 Σ k·ln(k/E) computed directly from Dunning's definition, independent of the entropy form. */
    private static double gSquared(long k11, long k12, long k21, long k22) {
        double n = k11 + k12 + k21 + k22;
        long[][] k = { { k11, k12 }, { k21, k22 } };
        double[] row = { k11 + k12, k21 + k22 };
        double[] col = { k11 + k21, k12 + k22 };
        double g = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                if (k[i][j] > 0) {
                    double e = row[i] * col[j] / n;
                    g += k[i][j] * Math.log(k[i][j] / e);
                }
            }
        }
        return 2 * g;
    }

    @Test
    void matchesHandComputedValues() {
        // (1,0,0,1): E = 0.5 everywhere, G² = 2·(2·1·ln 2) = 4 ln 2
        assertThat(Llr.logLikelihoodRatio(1, 0, 0, 1)).isCloseTo(4 * Math.log(2), within(1e-12));
        // (10,0,0,10): 40 ln 2
        assertThat(Llr.logLikelihoodRatio(10, 0, 0, 10)).isCloseTo(40 * Math.log(2), within(1e-9));
        // independence: (10,10,10,10) carries no surprise
        assertThat(Llr.logLikelihoodRatio(10, 10, 10, 10)).isCloseTo(0, within(1e-9));
        // reference values of Mahout's LogLikelihoodTest
        assertThat(Llr.logLikelihoodRatio(5, 1995, 0, 100000)).isCloseTo(39.33052, within(1e-4));
        assertThat(Llr.logLikelihoodRatio(1000, 1995, 1000, 100000)).isCloseTo(4730.737, within(1e-3));
        assertThat(Llr.logLikelihoodRatio(1000, 1000, 1000, 100000)).isCloseTo(gSquared(1000, 1000, 1000, 100000),
                within(1e-6));
    }

    @Test
    void equalsDirectGSquaredOnManyTables() {
        long[][] tables = { { 3, 7, 11, 979 }, { 50, 2, 3, 10000 }, { 1, 99, 99, 9801 }, { 0, 5, 5, 90 },
                { 7, 0, 13, 2 } };
        for (long[] t : tables) {
            assertThat(Llr.logLikelihoodRatio(t[0], t[1], t[2], t[3])).isCloseTo(gSquared(t[0], t[1], t[2], t[3]),
                    within(1e-7));
            double[] table = Llr.xLogXTable((int) (t[0] + t[1] + t[2] + t[3]));
            assertThat(Llr.logLikelihoodRatio((int) t[0], (int) t[1], (int) t[2], (int) t[3], table))
                    .isCloseTo(gSquared(t[0], t[1], t[2], t[3]), within(1e-7));
        }
    }
}
