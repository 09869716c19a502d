package org.shoptide.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HyperLogLogTest {
    @Test
    void estimatesWithinAFewStandardErrorsFromTenToAMillion() {
        for (int n : new int[] { 0, 10, 1_000, 50_000, 1_000_000 }) {
            HyperLogLog h = new HyperLogLog(12);
            for (int i = 0; i < n; i++) {
                h.add(HyperLogLog.hash("visitor-" + i));
                h.add(HyperLogLog.hash("visitor-" + i)); // repeats do not count
            }
            assertThat((double) h.estimate()).as("n=%d", n).isCloseTo(n, within(Math.max(1, n * 0.05)));
        }
    }
}
