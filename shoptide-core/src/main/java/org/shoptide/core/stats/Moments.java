package org.shoptide.core.stats;

/**
 * Count, sum and sum of squares of a sample: enough for its mean and variance, and updatable in O(1) when one
 * observation is added or changes (revenue per visitor grows with each order). Immutable.
 */
public record Moments(long n, double sum, double sumSquares) {
    public static final Moments EMPTY = new Moments(0, 0, 0);

    public Moments {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
    }

    /** Moments of the given values. */
    public static Moments of(double... values) {
        Moments m = EMPTY;
        for (double v : values) {
            m = m.plus(v);
        }
        return m;
    }

    public Moments plus(double x) {
        return new Moments(n + 1, sum + x, sumSquares + x * x);
    }

    /** The same sample with one observation changed from {@code from} to {@code to}. */
    public Moments replace(double from, double to) {
        return new Moments(n, sum - from + to, sumSquares - from * from + to * to);
    }

    public double mean() {
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The unbiased sample variance (n - 1 in the denominator); NaN below two observations. */
    public double variance() {
        if (n < 2) {
            return Double.NaN;
        }
        double m = sum / n;
        return Math.max(0, (sumSquares - n * m * m) / (n - 1));
    }
}
