package org.shoptide.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.shoptide.core.stats.Inference;
import org.shoptide.core.stats.RatioMoments;

/** The per-visitor sums of the ratio metrics, kept incrementally, equal the sums rebuilt from each visitor's totals. */
class ExperimentCountersTest {

    @Test
    void perVisitorSumsOfAovAndCtr() {
        ExperimentCounters c = new ExperimentCounters(2);
        // variant 0: u1 sees 3 sets, clicks in 2 (twice in one), buys 10 and 30; u2 sees 1, buys nothing
        c.exposure(0, "u1", null);
        c.exposure(0, "u1", null);
        c.exposure(0, "u1", null);
        c.click(0, "u1", true);
        c.click(0, "u1", false);
        c.click(0, "u1", true);
        c.exposure(0, "u2", null);
        c.purchase("u1", null, null, 10);
        c.purchase("u1", null, null, 30);
        // variant 1: u3 (anonymous a3, later known as user x3) sees 2 sets, clicks 1, buys 20 as x3
        c.exposure(1, "a3", "a3");
        c.exposure(1, "a3", "a3");
        c.click(1, "a3", true);
        c.alias("a3", "x3");
        c.purchase("x3", null, null, 20);
        // u1 is served once in variant 1 (e.g. after a weight change): counted in variant 1's totals only
        c.exposure(1, "u1", null);
        c.click(1, "u1", true);
        // a click on a set of no unit counts in the totals
        c.click(1, null, true);
        // a purchase by someone never exposed counts nowhere
        assertThat(c.purchase("stranger", null, null, 99)).isFalse();

        ExperimentCounters.VariantCounts v0 = c.snapshot().variants()[0];
        ExperimentCounters.VariantCounts v1 = c.snapshot().variants()[1];
        assertSame(v0.aovPerVisitor(), RatioMoments.of(new double[] { 2, 0 }, new double[] { 40, 0 }));
        assertSame(v0.ctrPerVisitor(), RatioMoments.of(new double[] { 3, 1 }, new double[] { 2, 0 }));
        assertSame(v1.aovPerVisitor(), RatioMoments.of(new double[] { 1 }, new double[] { 20 }));
        assertSame(v1.ctrPerVisitor(), RatioMoments.of(new double[] { 2 }, new double[] { 1 }));
        assertThat(v0.impressions()).isEqualTo(4);
        assertThat(v0.clickedImpressions()).isEqualTo(2);
        assertThat(v1.impressions()).isEqualTo(3);
        assertThat(v1.clickedImpressions()).isEqualTo(3);
        // the ratio's point value is the familiar one: revenue / orders, clicked impressions / impressions
        assertThat(Inference.ratio(v0.aovPerVisitor()).value()).isCloseTo(20.0, within(1e-12));
        assertThat(Inference.clusteredProportion(v0.ctrPerVisitor()).value()).isCloseTo(0.5, within(1e-12));
        assertThat(v0.orderValues().n()).isEqualTo(2);
    }

    private static void assertSame(RatioMoments actual, RatioMoments expected) {
        assertThat(actual.n()).isEqualTo(expected.n());
        assertThat(actual.sumX()).isCloseTo(expected.sumX(), within(1e-9));
        assertThat(actual.sumY()).isCloseTo(expected.sumY(), within(1e-9));
        assertThat(actual.sumXX()).isCloseTo(expected.sumXX(), within(1e-9));
        assertThat(actual.sumYY()).isCloseTo(expected.sumYY(), within(1e-9));
        assertThat(actual.sumXY()).isCloseTo(expected.sumXY(), within(1e-9));
    }
}
