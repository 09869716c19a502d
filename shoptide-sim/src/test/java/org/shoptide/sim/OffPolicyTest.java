package org.shoptide.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OffPolicyTest {

    @Test
    void handComputedIpsAndSnips() {
        // two lists of two slots; the candidate matches slot 1 of list 1 (p 0.5, reward 1) and slot 2 of list 2 (p
        // 0.25,
        // reward 0): IPS = (1/0.5 + 0) / 2 = 1; SNIPS = 2 / ((2/2 + 4/2)) = 2/3
        List<OffPolicy.Logged> log = List.of(
                new OffPolicy.Logged(new double[] { 1, 1 }, new double[] { 0.5, 0.5 }, new boolean[] { true, false }),
                new OffPolicy.Logged(new double[] { 1, 0 }, new double[] { 0.5, 0.25 }, new boolean[] { false, true }));
        OffPolicy.Estimates e = OffPolicy.estimate(log, 200, 1);
        assertThat(e.ips().value()).isCloseTo(1.0, offset(1e-12));
        assertThat(e.snips().value()).isCloseTo(2.0 / 3, offset(1e-12));
        assertThat(e.ips().matchedSlots()).isEqualTo(2);
        assertThat(e.lists()).isEqualTo(2);
    }

    /**
     * A logging policy that shows the top item with probability 0.8 and a uniform one of 5 otherwise, at one slot;
     * rewards are Bernoulli with per-item rates. The estimate of a deterministic candidate (always item 3) must cover
     * its true rate.
     */
    @Test
    void recoversACandidatesRateFromExplorationLogs() {
        double[] rate = { 0.10, 0.05, 0.02, 0.30, 0.08 };
        SplittableRandom rnd = new SplittableRandom(11);
        List<OffPolicy.Logged> log = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            int shown = rnd.nextDouble() < 0.8 ? 0 : rnd.nextInt(5);
            double p = (shown == 0 ? 0.8 : 0) + 0.2 / 5;
            double r = rnd.nextDouble() < rate[shown] ? 1 : 0;
            log.add(new OffPolicy.Logged(new double[] { r }, new double[] { p }, new boolean[] { shown == 3 }));
        }
        OffPolicy.Estimates e = OffPolicy.estimate(log, 300, 5);
        assertThat(e.ips().lower()).isLessThan(0.30);
        assertThat(e.ips().upper()).isGreaterThan(0.30);
        assertThat(e.snips().value()).isCloseTo(0.30, offset(0.03));
        assertThat(e.ips().effectiveSampleSize()).isGreaterThan(1000);
        assertThatThrownBy(() -> OffPolicy.estimate(
                List.of(new OffPolicy.Logged(new double[] { 1 }, new double[] { 0 }, new boolean[] { true })), 10, 1))
                        .hasMessageContaining("positive probability");
    }

    @Test
    void wilsonAndKsBehaveAsTextbooks() {
        double[] ci = AaStudy.wilson(10, 200);
        assertThat(ci[0]).isCloseTo(0.0274, offset(1e-3));
        assertThat(ci[1]).isCloseTo(0.0896, offset(1e-3));
        List<Double> uniform = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            uniform.add((i + 0.5) / 200);
        }
        assertThat(AaStudy.ksUniform(uniform)[1]).isGreaterThan(0.99);
        List<Double> skewed = uniform.stream().map(x -> x * x).toList();
        assertThat(AaStudy.ksUniform(skewed)[1]).isLessThan(0.001);
    }
}
