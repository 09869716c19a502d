package org.shoptide.core.stats;

import java.util.Arrays;

/**
 * Checks that a test is calibrated, for A/A studies and Monte-Carlo tests: under the null hypothesis a fraction alpha
 * of the p-values falls below alpha (up to binomial noise) and the p-values are uniform on [0, 1].
 */
public final class Calibration {
    private Calibration() {
    }

    /** One-sample Kolmogorov–Smirnov test against U(0, 1). */
    public record KsTest(double statistic, double pValue) {
    }

    /**
     * Kolmogorov–Smirnov statistic D = sup |F_n(x) − x| of the values and its asymptotic p-value with Stephens'
     * small-sample correction λ = (√n + 0.12 + 0.11/√n)·D (Stephens 1970; Numerical Recipes §14.3).
     */
    public static KsTest ksUniform(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("need at least one value");
        }
        double[] x = values.clone();
        Arrays.sort(x);
        int n = x.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            d = Math.max(d, Math.max((i + 1.0) / n - x[i], x[i] - (double) i / n));
        }
        double lambda = (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n)) * d;
        double p = 0;
        for (int j = 1; j <= 100; j++) {
            p += 2 * ((j & 1) == 1 ? 1 : -1) * Math.exp(-2.0 * j * j * lambda * lambda);
        }
        return new KsTest(d, Math.max(0, Math.min(1, p)));
    }

    /** Fraction of the p-values below {@code alpha}. */
    public static long countBelow(double[] pValues, double alpha) {
        return Arrays.stream(pValues).filter(p -> p < alpha).count();
    }

    /**
     * The 95 % range of the false-positive rate of {@code n} null experiments at level {@code alpha}: the central exact
     * binomial acceptance region [k_lo/n, k_hi/n], k_lo the smallest k with P(K ≤ k) &gt; 0.025 and k_hi the smallest k
     * with P(K ≤ k) ≥ 0.975 for K ~ Binomial(n, alpha). An observed rate outside it rejects "calibrated" at about the 5
     * % level.
     */
    public static Interval binomialRange(double alpha, int n) {
        if (n < 1 || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("need n >= 1 and alpha in (0, 1), got n " + n + ", alpha " + alpha);
        }
        double cdf = 0;
        int lo = -1;
        int hi = n;
        for (int k = 0; k <= n; k++) {
            cdf += Math.exp(Distributions.logGamma(n + 1.0) - Distributions.logGamma(k + 1.0)
                    - Distributions.logGamma(n - k + 1.0) + k * Math.log(alpha) + (n - k) * Math.log1p(-alpha));
            if (lo < 0 && cdf > 0.025) {
                lo = k;
            }
            if (cdf >= 0.975) {
                hi = k;
                break;
            }
        }
        return new Interval(lo / (double) n, hi / (double) n);
    }
}
