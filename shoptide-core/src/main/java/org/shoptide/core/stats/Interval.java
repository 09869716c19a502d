package org.shoptide.core.stats;

/** A two-sided confidence interval; both bounds NaN when the data cannot support one (too few observations). */
public record Interval(double lo, double hi) {
    public static final Interval UNDEFINED = new Interval(Double.NaN, Double.NaN);

    public boolean defined() {
        return !Double.isNaN(lo) && !Double.isNaN(hi);
    }

    /** True when the whole interval lies above zero. */
    public boolean above(double x) {
        return defined() && lo > x;
    }

    /** True when the whole interval lies below zero. */
    public boolean below(double x) {
        return defined() && hi < x;
    }
}
