package org.shoptide.core.stats;

/**
 * Treatment minus control for a rate or a mean.
 *
 * @param diff
 *            the absolute difference
 * @param ci95
 *            its 95 % confidence interval
 * @param pValue
 *            two-sided p-value of "no difference"; NaN when undefined
 * @param relative
 *            diff / control value (NaN when the control value is 0)
 */
public record Difference(double diff, Interval ci95, double pValue, double relative) {
    /** Significant at the 5 % level: the interval excludes zero. */
    public boolean significant() {
        return ci95.above(0) || ci95.below(0);
    }
}
