package org.shoptide.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;

/** The few lines each study prints; the JSON result has everything. */
final class Summaries {
    private Summaries() {
    }

    static String experiment(JsonNode r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "experiment %s: %d sessions (after %d warm-up sessions), %.0f s%n",
                r.path("experimentId").asText(), r.path("sessions").asInt(), r.path("warmupSessions").asInt(),
                r.path("wallSeconds").asDouble()));
        b.append(String.format(Locale.ROOT, "%-14s %9s %9s %9s %12s %9s %12s%n", "variant", "visitors", "ctr",
                "conv.rate", "conv. 95% CI", "rev/vis", "rev/vis CI"));
        for (Map.Entry<String, JsonNode> e : Experiments.variants(r.path("server")).entrySet()) {
            JsonNode v = e.getValue();
            b.append(String.format(Locale.ROOT, "%-14s %9.0f %9.4f %9.4f %12s %9.2f %12s%n", e.getKey(),
                    Experiments.value(v, "visitors"), Experiments.value(v, "ctr"),
                    Experiments.value(v, "conversionRate"), ci(v.path("conversionRate")),
                    Experiments.value(v, "revenuePerVisitor"), ci(v.path("revenuePerVisitor"))));
        }
        JsonNode verdict = r.path("verdict");
        for (String m : new String[] { "conversionRate", "revenuePerVisitor" }) {
            JsonNode d = verdict.path(m);
            b.append(String.format(Locale.ROOT, "personalized - popular, %s: %+.4f, 95%% CI %s, p = %.2g%n", m,
                    d.path("difference").asDouble(), ci(d), d.path("pValue").asDouble()));
        }
        b.append("personalized wins on both: ").append(verdict.path("personalizedWinsBoth").asBoolean());
        return b.toString();
    }

    static String aa(JsonNode r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "A/A: %d experiments, %d sessions, alpha %.2f, %.0f s%n",
                r.path("runs").asInt(), r.path("sessions").asInt(), r.path("alpha").asDouble(),
                r.path("wallSeconds").asDouble()));
        JsonNode range = r.path("significantFraction").path("aov").path("binomialRange");
        b.append(String.format(Locale.ROOT, "binomial 95%% range of alpha: [%.3f, %.3f]; KS level %.2f%n",
                range.path(0).asDouble(), range.path(1).asDouble(), r.path("ksLevel").asDouble()));
        r.path("significantFraction").properties().forEach(e -> aaRow(b, e.getKey(), e.getValue()));
        JsonNode before = r.path("beforePerVisitorAnalysis");
        for (String m : new String[] { "ctr", "aov" }) {
            if (before.has(m + "Result")) {
                aaRow(b, m + " (before)", before.path(m + "Result"));
            }
        }
        b.append("calibrated: ").append(r.path("calibrated").asBoolean());
        return b.toString();
    }

    private static void aaRow(StringBuilder b, String metric, JsonNode m) {
        b.append(String.format(Locale.ROOT, "%-18s significant %3d/%3d = %.3f, 95%% CI %s, KS D = %.3f p = %.3g %s%n",
                metric, m.path("significant").asInt(), m.path("runs").asInt(), m.path("rate").asDouble(), ci(m),
                m.path("ksStatistic").asDouble(), m.path("ksPValue").asDouble(),
                m.path("pass").asBoolean() ? "pass" : "FAIL"));
    }

    static String ips(JsonNode r) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "IPS: candidate '%s', exploration %.2f, %d logged impressions, %.0f s%n",
                r.path("candidate").asText(), r.path("exploration").asDouble(), r.path("loggedImpressions").asInt(),
                r.path("wallSeconds").asDouble()));
        for (String metric : new String[] { "ctr", "revenuePerImpression" }) {
            r.path(metric).properties().forEach(e -> b.append(String.format(Locale.ROOT, "%-22s %-22s %10.4f  %s%n",
                    metric, e.getKey(), e.getValue().path("value").asDouble(), ci(e.getValue()))));
        }
        return b.toString().stripTrailing();
    }

    static String ltr(JsonNode r) {
        JsonNode c = r.path("comparison");
        return String.format(Locale.ROOT,
                "LTR: %d impressions logged (exploration %.2f); trained on %s groups, tested on %s%n"
                        + "NDCG@10 blend %s, re-ranker %s, difference %s (mean, 95%% CI)%n"
                        + "revenue NDCG@10 blend %s, re-ranker %s, difference %s%n" + "wins: %s (served: %s), %.0f s",
                r.path("impressions").asInt(), r.path("exploration").asDouble(), c.path("train.groups").asText(),
                c.path("test.groups").asText(), c.path("ndcg10.blend").asText(), c.path("ndcg10.reranker").asText(),
                c.path("ndcg10.diff").asText(), c.path("revenueNdcg10.blend").asText(),
                c.path("revenueNdcg10.reranker").asText(), c.path("revenueNdcg10.diff").asText(),
                c.path("wins").asText(), r.path("activated").asBoolean(), r.path("wallSeconds").asDouble())
                + online(r.path("online"));
    }

    private static String online(JsonNode o) {
        if (o.isMissingNode()) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
                "%nonline, %d days, re-ranker served: %s (paired over the same simulated users)",
                o.path("days").asInt(), o.path("rerankerServed").asBoolean()));
        for (String m : new String[] { "conversionPerUser", "revenuePerUser", "clicksPerUser" }) {
            JsonNode x = o.path(m);
            b.append(String.format(Locale.ROOT, "%n%-18s re-ranker %.4f, blend %.4f, difference %+.4f %s (%+.1f %%)", m,
                    x.path("reranker").asDouble(), x.path("blend").asDouble(), x.path("difference").asDouble(), ci(x),
                    100 * x.path("relative").asDouble()));
        }
        return b.toString();
    }

    private static String ci(JsonNode metric) {
        JsonNode ci = metric.path("ci95");
        return ci.isArray() && ci.size() == 2
                ? String.format(Locale.ROOT, "[%.4f, %.4f]", ci.get(0).asDouble(), ci.get(1).asDouble())
                : "-";
    }
}
