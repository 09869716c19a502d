package org.shoptide.core.stats;

import java.util.Objects;

/**
 * The tests and intervals of A/B results, all at the 95 % level.
 * <ul>
 * <li><b>Rates of independent units</b> (conversion of visitors): Wilson score interval for each rate (Wilson 1927);
 * for the difference of two independent rates Newcombe's hybrid score interval (Newcombe 1998, method 10) and the
 * pooled two-proportion z-test.
 * <li><b>Means per visitor</b> (revenue per visitor): Student t interval for each mean; for the difference Welch's t
 * interval and test with Welch–Satterthwaite degrees of freedom (Welch 1947), which does not assume equal variances —
 * revenue is heavily skewed and differs in spread between variants.
 * <li><b>Ratios of sums over visitors</b> (average order value = revenue / orders, CTR = clicked impressions /
 * impressions): the visitor, not the order or impression, is the unit of randomisation, and one visitor's orders and
 * impressions are correlated, so they are not independent observations. The delta method (Deng, Knoblich and Lu 2018)
 * gives the ratio's variance from per-visitor sums ({@link RatioMoments}); see {@link #ratio},
 * {@link #clusteredProportion} and {@link #ratioDifference}. {@link #proportion} and {@link #meanDifference} on orders
 * or impressions would treat them as independent and give intervals that are too narrow.
 * <li><b>Sample ratio mismatch</b>: Pearson chi-square goodness of fit of units per variant against the traffic split;
 * p &lt; 0.001 flags a mismatch (the threshold used by Fabijan et al. 2019, "Diagnosing Sample Ratio Mismatch").
 * </ul>
 */
public final class Inference {
    /** Two-sided level of all intervals. */
    public static final double CONFIDENCE = 0.95;
    /** p-value below which the traffic split is considered broken. */
    public static final double SRM_ALPHA = 0.001;
    private static final double Z = Distributions.normalQuantile(0.5 + CONFIDENCE / 2);

    private Inference() {
    }

    /** The rate successes / n with its Wilson score interval; NaN value and interval when n = 0. */
    public static Estimate proportion(long successes, long n) {
        checkCounts(successes, n);
        if (n == 0) {
            return new Estimate(Double.NaN, Interval.UNDEFINED);
        }
        return new Estimate((double) successes / n, wilson(successes, n));
    }

    static Interval wilson(long successes, long n) {
        Interval w = wilson((double) successes / n, (double) n);
        // exact bounds at the edges (the formula gives them up to rounding)
        return new Interval(successes == 0 ? 0 : w.lo(), successes == n ? 1 : w.hi());
    }

    /** Wilson's score interval of a rate p observed on n (possibly effective, non-integer) trials. */
    static Interval wilson(double p, double n) {
        double z2 = Z * Z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denom;
        double half = Z / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /**
     * Treatment rate minus control rate: Newcombe's hybrid score interval and the two-sided p-value of the pooled
     * two-proportion z-test (1 when both rates are 0 or both 1). Undefined when either sample is empty.
     */
    public static Difference proportionDifference(long controlSuccesses, long controlN, long treatmentSuccesses,
            long treatmentN) {
        checkCounts(controlSuccesses, controlN);
        checkCounts(treatmentSuccesses, treatmentN);
        if (controlN == 0 || treatmentN == 0) {
            return new Difference(Double.NaN, Interval.UNDEFINED, Double.NaN, Double.NaN);
        }
        double p1 = (double) controlSuccesses / controlN;
        double p2 = (double) treatmentSuccesses / treatmentN;
        Interval c1 = wilson(controlSuccesses, controlN);
        Interval c2 = wilson(treatmentSuccesses, treatmentN);
        double d = p2 - p1;
        double lo = d - Math.sqrt(sq(p2 - c2.lo()) + sq(c1.hi() - p1));
        double hi = d + Math.sqrt(sq(c2.hi() - p2) + sq(p1 - c1.lo()));
        double pooled = (double) (controlSuccesses + treatmentSuccesses) / (controlN + treatmentN);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / controlN + 1.0 / treatmentN));
        double pValue = se == 0 ? 1 : 2 * (1 - Distributions.normalCdf(Math.abs(d) / se));
        return new Difference(d, new Interval(lo, hi), pValue, p1 == 0 ? Double.NaN : d / p1);
    }

    /** The sample mean with its Student t interval (undefined below two observations). */
    public static Estimate mean(Moments m) {
        Objects.requireNonNull(m, "moments");
        if (m.n() == 0) {
            return new Estimate(Double.NaN, Interval.UNDEFINED);
        }
        if (m.n() < 2) {
            return new Estimate(m.mean(), Interval.UNDEFINED);
        }
        double half = Distributions.studentTQuantile(0.5 + CONFIDENCE / 2, (double) (m.n() - 1))
                * Math.sqrt(m.variance() / m.n());
        return new Estimate(m.mean(), new Interval(m.mean() - half, m.mean() + half));
    }

    /**
     * Treatment mean minus control mean with Welch's t interval and two-sided p-value. Undefined when either sample has
     * fewer than two observations; when both variances are 0 the interval collapses to the difference and the p-value
     * is 1 for equal means, 0 otherwise.
     */
    public static Difference meanDifference(Moments control, Moments treatment) {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(treatment, "treatment");
        if (control.n() < 2 || treatment.n() < 2) {
            double d = control.n() == 0 || treatment.n() == 0 ? Double.NaN : treatment.mean() - control.mean();
            return new Difference(d, Interval.UNDEFINED, Double.NaN, relative(d, control.mean()));
        }
        double d = treatment.mean() - control.mean();
        double v1 = control.variance() / control.n();
        double v2 = treatment.variance() / treatment.n();
        double se = Math.sqrt(v1 + v2);
        if (se == 0) {
            return new Difference(d, new Interval(d, d), d == 0 ? 1 : 0, relative(d, control.mean()));
        }
        double df = sq(v1 + v2) / (sq(v1) / (control.n() - 1) + sq(v2) / (treatment.n() - 1));
        double t = Distributions.studentTQuantile(0.5 + CONFIDENCE / 2, df);
        double pValue = 2 * (1 - Distributions.studentTCdf(Math.abs(d) / se, df));
        return new Difference(d, new Interval(d - t * se, d + t * se), pValue, relative(d, control.mean()));
    }

    /**
     * A ratio metric over units (Σy/Σx, e.g. average order value over visitors) with its delta-method Student t
     * interval, n − 1 degrees of freedom (see {@link RatioMoments#ratioVariance()}). Undefined below two units; NaN
     * when Σx = 0.
     */
    public static Estimate ratio(RatioMoments m) {
        Objects.requireNonNull(m, "moments");
        double r = m.ratio();
        double v = m.ratioVariance();
        if (Double.isNaN(v)) {
            return new Estimate(r, Interval.UNDEFINED);
        }
        double half = Distributions.studentTQuantile(0.5 + CONFIDENCE / 2, (double) (m.n() - 1)) * Math.sqrt(v);
        return new Estimate(r, new Interval(r - half, r + half));
    }

    /**
     * A rate whose trials are clustered in units (CTR: clicked impressions / impressions, several impressions per
     * visitor): Wilson's score interval on the effective number of trials N / deff, with the design effect deff =
     * max(1, delta-method variance / binomial variance p(1 − p)/N) (Kish 1965). It keeps Wilson's behaviour at rates
     * near 0 and 1 and widens the interval by the within-visitor correlation. Undefined below two units.
     */
    public static Estimate clusteredProportion(RatioMoments m) {
        Objects.requireNonNull(m, "moments");
        double p = m.ratio();
        double v = m.ratioVariance();
        if (Double.isNaN(v) || p < 0 || p > 1) {
            return new Estimate(p, Interval.UNDEFINED);
        }
        double binomial = p * (1 - p) / m.sumX();
        double deff = binomial > 0 ? Math.max(1, v / binomial) : 1;
        return new Estimate(p, wilson(p, m.sumX() / deff));
    }

    /**
     * Treatment ratio minus control ratio by the delta method (Deng, Knoblich and Lu 2018): the two variants are
     * independent samples of units, so Var(R_t − R_c) = Var(R_t) + Var(R_c); the interval and two-sided p-value use
     * Student t with Welch–Satterthwaite degrees of freedom (n_c − 1 and n_t − 1 per variant), which tends to the
     * normal for large samples and equals Welch's test when every x_i = 1. Undefined when either variant has fewer than
     * two units or Σx = 0; when both variances are 0 the interval collapses and the p-value is 1 for equal ratios, else
     * 0.
     */
    public static Difference ratioDifference(RatioMoments control, RatioMoments treatment) {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(treatment, "treatment");
        double rc = control.ratio();
        double d = treatment.ratio() - rc;
        double v1 = control.ratioVariance();
        double v2 = treatment.ratioVariance();
        if (Double.isNaN(v1) || Double.isNaN(v2)) {
            return new Difference(d, Interval.UNDEFINED, Double.NaN, relative(d, rc));
        }
        double se = Math.sqrt(v1 + v2);
        if (se == 0) {
            return new Difference(d, new Interval(d, d), d == 0 ? 1 : 0, relative(d, rc));
        }
        double df = sq(v1 + v2) / (sq(v1) / (control.n() - 1) + sq(v2) / (treatment.n() - 1));
        double t = Distributions.studentTQuantile(0.5 + CONFIDENCE / 2, df);
        double pValue = 2 * (1 - Distributions.studentTCdf(Math.abs(d) / se, df));
        return new Difference(d, new Interval(d - t * se, d + t * se), pValue, relative(d, rc));
    }

    /**
     * Chi-square goodness of fit of {@code observed} units per variant to the split {@code weights} (any positive
     * scale).
     */
    public static SrmCheck sampleRatioMismatch(long[] observed, double[] weights) {
        if (observed.length != weights.length || observed.length < 2) {
            throw new IllegalArgumentException("need one weight per variant and at least two variants");
        }
        long total = 0;
        double weightSum = 0;
        for (int i = 0; i < observed.length; i++) {
            if (observed[i] < 0 || !(weights[i] > 0)) {
                throw new IllegalArgumentException("counts must be >= 0 and weights > 0");
            }
            total += observed[i];
            weightSum += weights[i];
        }
        double[] expected = new double[observed.length];
        if (total == 0) {
            return new SrmCheck(0, 1, false, expected);
        }
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            expected[i] = total * weights[i] / weightSum;
            chi += sq(observed[i] - expected[i]) / expected[i];
        }
        double p = Distributions.chiSquareSurvival(chi, observed.length - 1);
        return new SrmCheck(chi, p, p < SRM_ALPHA, expected);
    }

    private static double relative(double d, double base) {
        return base == 0 || Double.isNaN(base) ? Double.NaN : d / base;
    }

    private static void checkCounts(long successes, long n) {
        if (n < 0 || successes < 0 || successes > n) {
            throw new IllegalArgumentException("need 0 <= successes <= n, got " + successes + " of " + n);
        }
    }

    private static double sq(double x) {
        return x * x;
    }
}
