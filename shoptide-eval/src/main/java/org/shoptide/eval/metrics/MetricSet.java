package org.shoptide.eval.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one model on one split and variant, each a mean over the evaluated users (coverage and popularity over
 * all recommended slots), see {@link Evaluator}.
 *
 * @param users
 *            cases scored in this variant
 * @param values
 *            {@code recall@k}, {@code hr@k}, {@code ndcg@k} (k = 5, 10, 20), {@code mrr}, {@code coverage@k},
 *            {@code popularity@k}, in that order
 * @param mrrTruncated
 *            true when the ranker returned lists (MRR counts only targets within them)
 * @param nanScores
 *            NaN scores the model produced (treated as unknown)
 * @param scoreMillis
 *            wall time of scoring every case
 */
public record MetricSet(int users, Map<String, Double> values, boolean mrrTruncated, long nanScores, long scoreMillis) {
    public MetricSet {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Whether {@code metric} is one of the metrics every set has. */
    public static boolean isKnown(String metric) {
        if (metric.equals("mrr")) {
            return true;
        }
        for (String prefix : new String[] { "recall@", "hr@", "ndcg@", "coverage@", "popularity@" }) {
            for (int k : Evaluator.KS) {
                if (metric.equals(prefix + k)) {
                    return true;
                }
            }
        }
        return false;
    }

    public double get(String metric) {
        Double v = values.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("unknown metric '" + metric + "'; known: " + values.keySet());
        }
        return v;
    }
}
