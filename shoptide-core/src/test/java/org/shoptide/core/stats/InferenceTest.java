package org.shoptide.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values: the simple ones by hand (noted), the others computed independently with SciPy 1.17
 * ({@code scipy.stats.norm/t/chi2}, {@code ttest_ind(equal_var=False)}, {@code chisquare}).
 */
class InferenceTest {

    @Test
    void distributionFunctions() {
        assertThat(Distributions.normalCdf(1.96)).isCloseTo(0.9750021048517795, within(1e-12));
        assertThat(Distributions.normalCdf(-2.5)).isCloseTo(0.006209665325776132, within(1e-12));
        assertThat(Distributions.normalCdf(0)).isCloseTo(0.5, within(1e-15));
        assertThat(Distributions.normalQuantile(0.975)).isCloseTo(1.959963984540054, within(1e-12));
        assertThat(Distributions.normalQuantile(1e-6)).isCloseTo(-4.753424308822899, within(1e-9));
        assertThat(Distributions.studentTCdf(2.0, 5)).isCloseTo(0.9490302605850708, within(1e-12));
        assertThat(Distributions.studentTCdf(-1.3, 12.7)).isCloseTo(0.10835026729210875, within(1e-12));
        assertThat(Distributions.studentTQuantile(0.975, 10)).isCloseTo(2.228138851986274, within(1e-10));
        assertThat(Distributions.studentTQuantile(0.025, 3.5)).isCloseTo(-2.9400886379827282, within(1e-10));
        assertThat(Distributions.chiSquareSurvival(7.8147, 3)).isCloseTo(0.050000625284760056, within(1e-12));
        assertThat(Distributions.chiSquareSurvival(12.0, 1)).isCloseTo(0.0005320055051392492, within(1e-14));
        // Γ(5) = 24 by hand
        assertThat(Math.exp(Distributions.logGamma(5))).isCloseTo(24, within(1e-10));
        assertThatThrownBy(() -> Distributions.normalQuantile(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wilsonIntervalOfARate() {
        Estimate e = Inference.proportion(45, 500);
        assertThat(e.value()).isEqualTo(0.09);
        assertThat(e.ci95().lo()).isCloseTo(0.0679425478891394, within(1e-12));
        assertThat(e.ci95().hi()).isCloseTo(0.11830941128933344, within(1e-12));
        // 0 of 10 by hand: centre = (z²/20)/(1 + z²/10), half the same, so [0, z²/10 / (1 + z²/10)]
        double z2 = 1.959963984540054 * 1.959963984540054;
        assertThat(Inference.proportion(0, 10).ci95().lo()).isZero();
        assertThat(Inference.proportion(0, 10).ci95().hi()).isCloseTo(z2 / 10 / (1 + z2 / 10), within(1e-12));
        assertThat(Inference.proportion(0, 0).ci95().defined()).isFalse();
        assertThatThrownBy(() -> Inference.proportion(3, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void newcombeIntervalAndZTestOfADifferenceOfRates() {
        Difference d = Inference.proportionDifference(45, 500, 70, 520);
        assertThat(d.diff()).isCloseTo(0.04461538461538461, within(1e-15));
        assertThat(d.ci95().lo()).isCloseTo(0.005720986469525652, within(1e-12));
        assertThat(d.ci95().hi()).isCloseTo(0.08350571063137761, within(1e-12));
        assertThat(d.pValue()).isCloseTo(0.02431250657475961, within(1e-10));
        assertThat(d.relative()).isCloseTo(0.04461538461538461 / 0.09, within(1e-12));
        assertThat(d.significant()).isTrue();

        Difference same = Inference.proportionDifference(0, 100, 0, 100);
        assertThat(same.pValue()).isEqualTo(1);
        assertThat(same.significant()).isFalse();
        assertThat(Inference.proportionDifference(0, 0, 0, 10).pValue()).isNaN();
    }

    @Test
    void welchIntervalOfADifferenceOfMeans() {
        Moments control = Moments.of(12.0, 15.5, 9.0, 22.0, 18.25, 11.0);
        Moments treatment = Moments.of(14.0, 25.0, 19.5, 30.0, 16.0, 21.0, 27.5);
        Difference d = Inference.meanDifference(control, treatment);
        assertThat(d.diff()).isCloseTo(7.232142857142858, within(1e-12));
        assertThat(d.ci95().lo()).isCloseTo(0.6260865377715445, within(1e-9));
        assertThat(d.ci95().hi()).isCloseTo(13.83819917651417, within(1e-9));
        assertThat(d.pValue()).isCloseTo(0.03464117452147216, within(1e-9));

        Estimate mean = Inference.mean(control);
        assertThat(mean.value()).isCloseTo(14.625, within(1e-12));
        assertThat(mean.ci95().lo()).isCloseTo(9.484505794668262, within(1e-9));
        assertThat(mean.ci95().hi()).isCloseTo(19.765494205331738, within(1e-9));

        assertThat(Inference.meanDifference(Moments.of(1), Moments.of(2, 3)).ci95().defined()).isFalse();
        Difference constant = Inference.meanDifference(Moments.of(0, 0, 0), Moments.of(0, 0));
        assertThat(constant.pValue()).isEqualTo(1);
    }

    @Test
    void momentsCanReplaceAnObservation() {
        Moments m = Moments.of(0, 0, 5);
        Moments grown = m.replace(0, 7); // one visitor's revenue goes from 0 to 7
        assertThat(grown).isEqualTo(Moments.of(7, 0, 5));
        assertThat(grown.variance()).isCloseTo(Moments.of(7, 0, 5).variance(), within(1e-12));
    }

    @Test
    void sampleRatioMismatch() {
        // by hand: (100² + 100²) / 5000 = 4 with one degree of freedom
        SrmCheck mild = Inference.sampleRatioMismatch(new long[] { 5100, 4900 }, new double[] { 50, 50 });
        assertThat(mild.chiSquare()).isCloseTo(4.0, within(1e-12));
        assertThat(mild.pValue()).isCloseTo(0.04550026389635857, within(1e-12));
        assertThat(mild.mismatch()).isFalse();
        SrmCheck broken = Inference.sampleRatioMismatch(new long[] { 5300, 4700 }, new double[] { 1, 1 });
        assertThat(broken.pValue()).isCloseTo(1.9731752900753933e-09, within(1e-15));
        assertThat(broken.mismatch()).isTrue();
        SrmCheck three = Inference.sampleRatioMismatch(new long[] { 1000, 1050, 2100 }, new double[] { 25, 25, 50 });
        assertThat(three.chiSquare()).isCloseTo(1.8072289156626506, within(1e-12));
        assertThat(three.pValue()).isCloseTo(0.40510278342823414, within(1e-12));
        assertThat(Inference.sampleRatioMismatch(new long[] { 0, 0 }, new double[] { 1, 1 }).pValue()).isEqualTo(1);
    }
}
