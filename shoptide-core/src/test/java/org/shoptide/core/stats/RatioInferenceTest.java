package org.shoptide.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The delta method for ratio metrics ({@link RatioMoments}, {@link Inference#ratio}, {@link Inference#ratioDifference},
 * {@link Inference#clusteredProportion}) on examples worked by hand; t quantiles and p-values from SciPy 1.17
 * ({@code scipy.stats.t}). The calibration helpers against SciPy's binomial and Kolmogorov distributions.
 */
class RatioInferenceTest {
    // control visitors (orders, revenue): (1, 10), (2, 30), (0, 0)
    private static final RatioMoments CONTROL = RatioMoments.of(new double[] { 1, 2, 0 }, new double[] { 10, 30, 0 });
    // treatment visitors: (1, 20), (1, 20), (3, 30), (0, 0)
    private static final RatioMoments TREATMENT = RatioMoments.of(new double[] { 1, 1, 3, 0 },
            new double[] { 20, 20, 30, 0 });

    @Test
    void deltaMethodVarianceOfARatioByHand() {
        // R = 40/3; d_i = y_i - R x_i = -10/3, 10/3, 0; Σd² = 200/9; s²(d) = 100/9; x̄ = 1; Var = s²/(n x̄²) = 100/27
        assertThat(CONTROL.ratio()).isCloseTo(40.0 / 3, within(1e-12));
        assertThat(CONTROL.ratioVariance()).isCloseTo(100.0 / 27, within(1e-12));
        // R = 14; d = 6, 6, -12, 0; Σd² = 216; s² = 72; x̄ = 5/4; Var = 72 / (4 · 25/16) = 11.52
        assertThat(TREATMENT.ratio()).isEqualTo(14.0);
        assertThat(TREATMENT.ratioVariance()).isCloseTo(11.52, within(1e-12));

        Estimate e = Inference.ratio(CONTROL);
        double half = 4.302652729749462 * Math.sqrt(100.0 / 27); // t(0.975, 2)
        assertThat(e.value()).isCloseTo(40.0 / 3, within(1e-12));
        assertThat(e.ci95().lo()).isCloseTo(40.0 / 3 - half, within(1e-8));
        assertThat(e.ci95().hi()).isCloseTo(40.0 / 3 + half, within(1e-8));
    }

    @Test
    void deltaMethodDifferenceByHand() {
        Difference d = Inference.ratioDifference(CONTROL, TREATMENT);
        // diff 2/3; se = √(100/27 + 11.52) = 3.901756489544639; Welch–Satterthwaite df = 4.535841836340213
        double se = 3.901756489544639;
        assertThat(d.diff()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(d.ci95().lo()).isCloseTo(2.0 / 3 - 2.6517530659773527 * se, within(1e-7));
        assertThat(d.ci95().hi()).isCloseTo(2.0 / 3 + 2.6517530659773527 * se, within(1e-7));
        assertThat(d.pValue()).isCloseTo(0.8716878495199842, within(1e-9));
        assertThat(d.relative()).isCloseTo(0.05, within(1e-12));
        assertThat(d.significant()).isFalse();
    }

    @Test
    void withOneObservationPerUnitItIsWelchsTest() {
        double[] a = { 3, 7, 1, 9, 4, 4, 12 };
        double[] b = { 5, 8, 2, 15, 6 };
        Difference delta = Inference.ratioDifference(RatioMoments.of(ones(a.length), a),
                RatioMoments.of(ones(b.length), b));
        Difference welch = Inference.meanDifference(Moments.of(a), Moments.of(b));
        assertThat(delta.diff()).isCloseTo(welch.diff(), within(1e-12));
        assertThat(delta.pValue()).isCloseTo(welch.pValue(), within(1e-12));
        assertThat(delta.ci95().lo()).isCloseTo(welch.ci95().lo(), within(1e-10));
        assertThat(delta.ci95().hi()).isCloseTo(welch.ci95().hi(), within(1e-10));
        Estimate mean = Inference.mean(Moments.of(a));
        Estimate ratio = Inference.ratio(RatioMoments.of(ones(a.length), a));
        assertThat(ratio.ci95().lo()).isCloseTo(mean.ci95().lo(), within(1e-10));
    }

    @Test
    void clusteredRateWithOneTrialPerUnitIsWilsonOnNMinusOneTrials() {
        // x_i = 1: delta variance s²(y)/n = p(1-p)/(n-1), design effect n/(n-1), effective trials n - 1
        double[] clicked = new double[50];
        for (int i = 0; i < 9; i++) {
            clicked[i] = 1;
        }
        Estimate e = Inference.clusteredProportion(RatioMoments.of(ones(50), clicked));
        Interval wilson = Inference.wilson(0.18, 49.0);
        assertThat(e.value()).isCloseTo(0.18, within(1e-12));
        assertThat(e.ci95().lo()).isCloseTo(wilson.lo(), within(1e-12));
        assertThat(e.ci95().hi()).isCloseTo(wilson.hi(), within(1e-12));
        // the same 9 of 50 impressions in 5 visitors of 10 (one clicks 9 times): far wider
        RatioMoments clustered = RatioMoments.of(new double[] { 10, 10, 10, 10, 10 }, new double[] { 9, 0, 0, 0, 0 });
        Estimate c = Inference.clusteredProportion(clustered);
        assertThat(c.value()).isCloseTo(0.18, within(1e-12));
        assertThat(c.ci95().hi() - c.ci95().lo()).isGreaterThan(2 * (wilson.hi() - wilson.lo()));
    }

    @Test
    void edgesAreUndefinedNotWrong() {
        assertThat(Inference.ratio(RatioMoments.EMPTY).value()).isNaN();
        assertThat(Inference.ratio(RatioMoments.EMPTY.plus(2, 10)).ci95().defined()).isFalse();
        assertThat(Inference.ratio(RatioMoments.EMPTY.plus(0, 0).plus(0, 0)).value()).isNaN();
        assertThat(Inference.ratioDifference(RatioMoments.EMPTY, TREATMENT).pValue()).isNaN();
        RatioMoments same = RatioMoments.of(new double[] { 1, 2 }, new double[] { 5, 10 });
        Difference zero = Inference.ratioDifference(same, same);
        assertThat(zero.pValue()).isEqualTo(1.0);
        assertThat(zero.ci95()).isEqualTo(new Interval(0, 0));
        assertThatThrownBy(() -> RatioMoments.of(new double[1], new double[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replacingAUnitsPairEqualsRebuilding() {
        RatioMoments m = RatioMoments.of(new double[] { 1, 2, 0 }, new double[] { 10, 30, 0 });
        RatioMoments updated = m.replace(0, 0, 1, 25).replace(2, 30, 3, 42);
        RatioMoments rebuilt = RatioMoments.of(new double[] { 1, 3, 1 }, new double[] { 10, 42, 25 });
        assertThat(updated.ratio()).isCloseTo(rebuilt.ratio(), within(1e-12));
        assertThat(updated.ratioVariance()).isCloseTo(rebuilt.ratioVariance(), within(1e-9));
    }

    @Test
    void calibrationHelpers() {
        // scipy.stats.binom.ppf(0.025 / 0.975, 400, 0.05) = 12 / 29; n = 1000: 37 / 64
        assertThat(Calibration.binomialRange(0.05, 400)).isEqualTo(new Interval(12 / 400.0, 29 / 400.0));
        assertThat(Calibration.binomialRange(0.05, 1000)).isEqualTo(new Interval(37 / 1000.0, 64 / 1000.0));
        // D = 0.25 by hand; λ = (2 + 0.12 + 0.055)·0.25 = 0.54375, scipy.stats.kstwobign.sf(λ) = 0.9289547774020107
        Calibration.KsTest ks = Calibration.ksUniform(new double[] { 0.95, 0.1, 0.5, 0.7 });
        assertThat(ks.statistic()).isCloseTo(0.25, within(1e-12));
        assertThat(ks.pValue()).isCloseTo(0.9289547774020107, within(1e-9));
        assertThat(Calibration.countBelow(new double[] { 0.01, 0.04, 0.05, 0.5 }, 0.05)).isEqualTo(2);
    }

    private static double[] ones(int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, 1);
        return x;
    }
}
