package org.shoptide.core.stats;

/**
 * Sample-ratio-mismatch check: a chi-square goodness-of-fit test of observed units per variant against the configured
 * traffic split.
 *
 * @param chiSquare
 *            the statistic
 * @param pValue
 *            its p-value with (variants - 1) degrees of freedom; 1 when there are no units yet
 * @param mismatch
 *            pValue &lt; {@link Inference#SRM_ALPHA}: the split is broken (bucketing, logging or bot traffic), so the
 *            results must not be trusted
 * @param expected
 *            expected units per variant
 */
public record SrmCheck(double chiSquare, double pValue, boolean mismatch, double[] expected) {
}
