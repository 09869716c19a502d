package org.shoptide.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Monte Carlo A/A experiments on clustered data — why the ratio metrics are analysed per visitor. Visitors have
 * heavy-tailed numbers of orders (impressions) and values (click propensities) shared by all their orders
 * (impressions); both variants draw from the same distribution, so every significant result is a false positive. The
 * order-level (impression-level) tests treat correlated observations as independent and reject far too often; the delta
 * method over visitors (Deng, Knoblich and Lu 2018) is calibrated: its false-positive rate is inside the binomial 95 %
 * range of alpha and its p-values are uniform (Kolmogorov–Smirnov).
 */
class ClusteredCalibrationTest {
    private static final long SEED = 20261207L;
    private static final int EXPERIMENTS = 1000;
    private static final int VISITORS_PER_VARIANT = 400;
    private static final double ALPHA = 0.05;

    /**
     * Pareto(tail index 2) number ≥ 1, capped at 30: a few visitors order (or see) far more than the rest. (With tail
     * index 1.5 and a cap of 60 the delta method needs about 1,000 visitors per variant before its p-values are
     * uniform: it is an asymptotic method.)
     */
    private static int heavyTailedCount(SplittableRandom r) {
        return (int) Math.min(30, Math.floor(Math.pow(1 - r.nextDouble(), -1 / 2.0)));
    }

    /** One variant's visitors: order-level moments and per-visitor (orders, revenue). */
    private static Object[] orders(SplittableRandom r) {
        Moments perOrder = Moments.EMPTY;
        RatioMoments perVisitor = RatioMoments.EMPTY;
        for (int v = 0; v < VISITORS_PER_VARIANT; v++) {
            int orders = r.nextDouble() < 0.5 ? 0 : heavyTailedCount(r);
            double level = Math.exp(3 + 0.6 * r.nextGaussian());
            double revenue = 0;
            for (int o = 0; o < orders; o++) {
                double value = level * Math.exp(0.3 * r.nextGaussian());
                perOrder = perOrder.plus(value);
                revenue += value;
            }
            perVisitor = perVisitor.plus(orders, revenue);
        }
        return new Object[] { perOrder, perVisitor };
    }

    /** One variant's visitors: impression-level counts and per-visitor (impressions, clicked impressions). */
    private static RatioMoments impressions(SplittableRandom r) {
        RatioMoments perVisitor = RatioMoments.EMPTY;
        for (int v = 0; v < VISITORS_PER_VARIANT; v++) {
            int shown = heavyTailedCount(r);
            double propensity = 1 / (1 + Math.exp(-(-1 + 1.5 * r.nextGaussian())));
            int clicked = 0;
            for (int i = 0; i < shown; i++) {
                clicked += r.nextDouble() < propensity ? 1 : 0;
            }
            perVisitor = perVisitor.plus(shown, clicked);
        }
        return perVisitor;
    }

    @Test
    void averageOrderValuePerVisitorIsCalibratedAndPerOrderIsNot() {
        SplittableRandom r = new SplittableRandom(SEED);
        double[] deltaP = new double[EXPERIMENTS];
        double[] orderLevelP = new double[EXPERIMENTS];
        for (int e = 0; e < EXPERIMENTS; e++) {
            Object[] a = orders(r);
            Object[] b = orders(r);
            deltaP[e] = Inference.ratioDifference((RatioMoments) a[1], (RatioMoments) b[1]).pValue();
            orderLevelP[e] = Inference.meanDifference((Moments) a[0], (Moments) b[0]).pValue();
        }
        assertCalibrated("aov, delta method", deltaP);
        assertMiscalibrated("aov, orders as independent (Welch)", orderLevelP);
    }

    @Test
    void ctrPerVisitorIsCalibratedAndPerImpressionIsNot() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        double[] deltaP = new double[EXPERIMENTS];
        double[] impressionLevelP = new double[EXPERIMENTS];
        for (int e = 0; e < EXPERIMENTS; e++) {
            RatioMoments a = impressions(r);
            RatioMoments b = impressions(r);
            deltaP[e] = Inference.ratioDifference(a, b).pValue();
            impressionLevelP[e] = Inference
                    .proportionDifference((long) a.sumY(), (long) a.sumX(), (long) b.sumY(), (long) b.sumX()).pValue();
        }
        assertCalibrated("ctr, delta method", deltaP);
        assertMiscalibrated("ctr, impressions as independent (two-proportion z)", impressionLevelP);
    }

    @Test
    void deltaMethodStandardErrorAgreesWithAPerVisitorBootstrap() {
        SplittableRandom r = new SplittableRandom(SEED + 2);
        int n = 2000;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int v = 0; v < n; v++) {
            x[v] = r.nextDouble() < 0.5 ? 0 : heavyTailedCount(r);
            double level = Math.exp(3 + 0.6 * r.nextGaussian());
            for (int o = 0; o < x[v]; o++) {
                y[v] += level * Math.exp(0.3 * r.nextGaussian());
            }
        }
        double delta = Math.sqrt(RatioMoments.of(x, y).ratioVariance());
        // resample visitors (not orders) with replacement
        int resamples = 1000;
        Moments ratios = Moments.EMPTY;
        for (int b = 0; b < resamples; b++) {
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < n; i++) {
                int k = r.nextInt(n);
                sx += x[k];
                sy += y[k];
            }
            ratios = ratios.plus(sy / sx);
        }
        double bootstrap = Math.sqrt(ratios.variance());
        assertThat(delta / bootstrap).as("seed %d: delta SE %f, bootstrap SE %f", SEED + 2, delta, bootstrap)
                .isBetween(0.85, 1.15);
    }

    private static void assertCalibrated(String what, double[] p) {
        Interval range = Calibration.binomialRange(ALPHA, p.length);
        double rate = Calibration.countBelow(p, ALPHA) / (double) p.length;
        Calibration.KsTest ks = Calibration.ksUniform(p);
        assertThat(rate).as("%s (seed %d): false-positive rate %f, binomial range %s", what, SEED, rate, range)
                .isBetween(range.lo(), range.hi());
        assertThat(ks.pValue()).as("%s (seed %d): KS D %f", what, SEED, ks.statistic()).isGreaterThan(0.01);
    }

    private static void assertMiscalibrated(String what, double[] p) {
        Interval range = Calibration.binomialRange(ALPHA, p.length);
        double rate = Calibration.countBelow(p, ALPHA) / (double) p.length;
        Calibration.KsTest ks = Calibration.ksUniform(p);
        assertThat(rate).as("%s (seed %d): false-positive rate %f, binomial range %s", what, SEED, rate, range)
                .isGreaterThan(range.hi());
        assertThat(ks.pValue()).as("%s (seed %d): KS D %f", what, SEED, ks.statistic()).isLessThan(1e-6);
    }
}
