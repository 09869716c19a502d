package org.shoptide.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.shoptide.core.stats.Difference;
import org.shoptide.core.stats.Estimate;
import org.shoptide.core.stats.SrmCheck;

/**
 * Results of an experiment, computed from counters kept in memory and rebuilt from the event log at start. Definitions
 * are in {@code docs/EXPERIMENTS.md}; intervals and tests in {@link org.shoptide.core.stats.Inference}.
 *
 * @param control
 *            the name of the control variant (the first)
 * @param srm
 *            sample-ratio-mismatch check of visitors against the traffic split
 */
public record ExperimentResults(Experiment experiment, String control, List<VariantResults> variants, SrmCheck srm,
        List<Guardrail> guardrails, Instant computedAt) {

    /**
     * One variant's numbers.
     *
     * @param visitors
     *            units that got at least one recommendation of the experiment's scenario while it ran
     * @param impressions
     *            recommendation responses (impression sets) served to them
     * @param clickedImpressions
     *            impression sets with at least one attributed click (the numerator of {@code ctr})
     * @param clicks
     *            attributed click events
     * @param addToCarts
     *            attributed add-to-cart events
     * @param conversions
     *            visitors with at least one purchase after their first exposure
     * @param orders
     *            purchases of exposed visitors after their first exposure
     * @param revenue
     *            total revenue of those orders
     * @param attributedRevenue
     *            revenue of purchase lines attributed to the variant's recommendations
     * @param vsControl
     *            for every variant but the control: metric name → difference to the control
     */
    public record VariantResults(String name, double weight, long visitors, long impressions, long clickedImpressions,
            long clicks, long addToCarts, long conversions, long orders, double revenue, double attributedRevenue,
            Estimate ctr, Estimate conversionRate, Estimate aov, Estimate revenuePerVisitor,
            Estimate attributedRevenuePerVisitor, Map<String, Difference> vsControl) {
    }

    /** A guardrail of one variant: violated when the metric got significantly worse than in the control. */
    public record Guardrail(String metric, String variant, Difference difference, boolean violated) {
    }
}
