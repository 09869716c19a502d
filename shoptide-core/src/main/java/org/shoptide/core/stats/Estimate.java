package org.shoptide.core.stats;

/** A point estimate of a rate or mean with its 95 % confidence interval. */
public record Estimate(double value, Interval ci95) {
}
