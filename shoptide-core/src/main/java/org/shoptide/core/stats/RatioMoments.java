package org.shoptide.core.stats;

/**
 * Sums over units (visitors) i of a ratio metric Σy_i / Σx_i — average order value is Σrevenue_i / Σorders_i, CTR is
 * Σclicked impressions_i / Σimpressions_i — enough for the ratio and its delta-method variance (Deng, Knoblich and Lu
 * 2018, "Applying the Delta Method in Metric Analytics: A Practical Guide with Novel Ideas", KDD). The unit of analysis
 * is the unit of randomisation, so observations of one visitor (their orders, their impressions) may be correlated.
 * Units with x_i = y_i = 0 (visitors who never ordered) are counted in n and change nothing else.
 * <p>
 * Updatable in O(1) when one unit's pair changes ({@link #replace}), like {@link Moments}. Immutable.
 *
 * @param n
 *            number of units
 */
public record RatioMoments(long n, double sumX, double sumY, double sumXX, double sumYY, double sumXY) {
    public static final RatioMoments EMPTY = new RatioMoments(0, 0, 0, 0, 0, 0);

    public RatioMoments {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
    }

    /** Sums of the given units: {@code x[i]}, {@code y[i]} of unit i. */
    public static RatioMoments of(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("need one y per x, got " + x.length + " x and " + y.length + " y");
        }
        RatioMoments m = EMPTY;
        for (int i = 0; i < x.length; i++) {
            m = m.plus(x[i], y[i]);
        }
        return m;
    }

    /** One more unit with denominator {@code x} and numerator {@code y}. */
    public RatioMoments plus(double x, double y) {
        return new RatioMoments(n + 1, sumX + x, sumY + y, sumXX + x * x, sumYY + y * y, sumXY + x * y);
    }

    /** The same units with one unit's pair changed from ({@code x0}, {@code y0}) to ({@code x1}, {@code y1}). */
    public RatioMoments replace(double x0, double y0, double x1, double y1) {
        return new RatioMoments(n, sumX - x0 + x1, sumY - y0 + y1, sumXX - x0 * x0 + x1 * x1, sumYY - y0 * y0 + y1 * y1,
                sumXY - x0 * y0 + x1 * y1);
    }

    /** Σy / Σx; NaN when Σx = 0. */
    public double ratio() {
        return sumX == 0 ? Double.NaN : sumY / sumX;
    }

    /**
     * The delta-method variance of {@link #ratio()}: with R = Σy/Σx and d_i = y_i − R·x_i (whose mean is 0 by the
     * choice of R), Var(R) ≈ s²(d) / (n·x̄²) with s²(d) = Σd_i² / (n − 1) and x̄ = Σx / n. When every x_i = 1 this is
     * s²(y)/n, the variance of a plain mean. NaN below two units or when Σx = 0.
     */
    public double ratioVariance() {
        if (n < 2 || sumX == 0) {
            return Double.NaN;
        }
        double r = sumY / sumX;
        double sumD2 = Math.max(0, sumYY - 2 * r * sumXY + r * r * sumXX);
        double xBar = sumX / n;
        return sumD2 / (n - 1) / (n * xBar * xBar);
    }
}
