package org.shoptide.engine.experiment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.stats.Difference;
import org.shoptide.core.stats.Inference;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.ExperimentResults;
import org.shoptide.engine.api.ExperimentResults.Guardrail;
import org.shoptide.engine.api.ExperimentResults.VariantResults;

/**
 * Turns an experiment's counters into results: estimates, differences to the control, SRM and guardrails. Every metric
 * is analysed with the visitor as the unit (the unit of randomisation): conversion and the per-visitor means directly,
 * the ratios aov and ctr by the delta method over per-visitor sums (see {@link Inference}).
 */
public final class ExperimentAnalysis {
    /** Guardrail name → the results metric it watches. */
    private static final Map<String, String> GUARDRAIL_METRIC = Map.of("ctr", "ctr", "conversion", "conversionRate",
            "aov", "aov", "revenuePerVisitor", "revenuePerVisitor", "attributedRevenuePerVisitor",
            "attributedRevenuePerVisitor");

    private ExperimentAnalysis() {
    }

    public static ExperimentResults analyse(Experiment e, ExperimentCounters.Snapshot s, Instant now) {
        ExperimentCounters.VariantCounts c = s.variants()[0];
        List<VariantResults> variants = new ArrayList<>();
        long[] visitors = new long[s.variants().length];
        double[] weights = new double[s.variants().length];
        List<Guardrail> guardrails = new ArrayList<>();
        for (int i = 0; i < s.variants().length; i++) {
            ExperimentCounters.VariantCounts t = s.variants()[i];
            Experiment.Variant spec = e.variants().get(i);
            visitors[i] = t.visitors();
            weights[i] = spec.weight();
            Map<String, Difference> vs = new LinkedHashMap<>();
            if (i > 0) {
                vs.put("ctr", Inference.ratioDifference(c.ctrPerVisitor(), t.ctrPerVisitor()));
                vs.put("conversionRate",
                        Inference.proportionDifference(c.conversions(), c.visitors(), t.conversions(), t.visitors()));
                vs.put("aov", Inference.ratioDifference(c.aovPerVisitor(), t.aovPerVisitor()));
                vs.put("revenuePerVisitor", Inference.meanDifference(c.revenuePerVisitor(), t.revenuePerVisitor()));
                vs.put("attributedRevenuePerVisitor",
                        Inference.meanDifference(c.attributedRevenuePerVisitor(), t.attributedRevenuePerVisitor()));
                for (String g : e.guardrails()) {
                    Difference d = vs.get(GUARDRAIL_METRIC.get(g));
                    guardrails.add(new Guardrail(g, spec.name(), d, d.ci95().below(0)));
                }
            }
            variants.add(new VariantResults(spec.name(), spec.weight(), t.visitors(), t.impressions(),
                    t.clickedImpressions(), t.clicks(), t.addToCarts(), t.conversions(), t.orders(), t.revenue(),
                    t.attributedRevenue(), Inference.clusteredProportion(t.ctrPerVisitor()),
                    Inference.proportion(t.conversions(), t.visitors()), Inference.ratio(t.aovPerVisitor()),
                    Inference.mean(t.revenuePerVisitor()), Inference.mean(t.attributedRevenuePerVisitor()), vs));
        }
        return new ExperimentResults(e, e.control().name(), variants, Inference.sampleRatioMismatch(visitors, weights),
                guardrails, now);
    }
}
