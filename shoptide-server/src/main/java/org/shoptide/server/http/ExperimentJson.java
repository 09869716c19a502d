package org.shoptide.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.stats.Difference;
import org.shoptide.core.stats.Estimate;
import org.shoptide.core.stats.Interval;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.ExperimentResults;
import org.shoptide.engine.api.ImpressionSet;
import org.shoptide.engine.api.RuleSetInfo;

/**
 * Wire JSON of rule sets, experiments, their results and impression sets (shared by the HTTP API and the CLI). Numbers
 * that are undefined (a rate of an empty variant, an interval of one observation) are written as null.
 */
public final class ExperimentJson {
    private ExperimentJson() {
    }

    /** A canonical JSON text of the engine as a tree. */
    public static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the engine wrote invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Map<String, Object> rules(RuleSetInfo r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
        m.put("rules", tree(r.rules()));
        return m;
    }

    public static Map<String, Object> experiment(Experiment e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("name", e.name());
        m.put("status", e.status().wireName());
        m.put("unit", e.unit());
        m.put("scenario", e.scenario().wireName());
        List<Map<String, Object>> variants = new ArrayList<>();
        for (Experiment.Variant v : e.variants()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("name", v.name());
            vm.put("weight", v.weight());
            vm.put("model", v.model());
            vm.put("rules", v.rules() == null ? null : tree(v.rules()));
            Map<String, Object> params = new LinkedHashMap<>();
            if (!v.weights().isEmpty()) {
                params.put("weights", v.weights());
            }
            if (v.n() != null) {
                params.put("n", v.n());
            }
            vm.put("params", params);
            variants.add(vm);
        }
        m.put("variants", variants);
        m.put("guardrails", e.guardrails());
        m.put("explorationRate", e.explorationRate());
        m.put("createdAt", e.createdAt().toString());
        m.put("startedAt", e.startedAt() == null ? null : e.startedAt().toString());
        m.put("stoppedAt", e.stoppedAt() == null ? null : e.stoppedAt().toString());
        return m;
    }

    public static Map<String, Object> results(ExperimentResults r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", experiment(r.experiment()));
        m.put("control", r.control());
        m.put("computedAt", r.computedAt().toString());
        List<Map<String, Object>> variants = new ArrayList<>();
        for (ExperimentResults.VariantResults v : r.variants()) {
            Map<String, Object> vm = new LinkedHashMap<>();
            vm.put("name", v.name());
            vm.put("weight", v.weight());
            vm.put("visitors", v.visitors());
            vm.put("impressions", v.impressions());
            vm.put("clickedImpressions", v.clickedImpressions());
            vm.put("clicks", v.clicks());
            vm.put("ctr", estimate(v.ctr()));
            vm.put("addToCarts", v.addToCarts());
            vm.put("conversions", v.conversions());
            vm.put("conversionRate", estimate(v.conversionRate()));
            vm.put("orders", v.orders());
            vm.put("aov", estimate(v.aov()));
            vm.put("revenue", v.revenue());
            vm.put("revenuePerVisitor", estimate(v.revenuePerVisitor()));
            vm.put("attributedRevenue", v.attributedRevenue());
            vm.put("attributedRevenuePerVisitor", estimate(v.attributedRevenuePerVisitor()));
            Map<String, Object> vs = new LinkedHashMap<>();
            v.vsControl().forEach((k, d) -> vs.put(k, difference(d)));
            vm.put("vsControl", vs);
            variants.add(vm);
        }
        m.put("variants", variants);
        Map<String, Object> srm = new LinkedHashMap<>();
        srm.put("pValue", num(r.srm().pValue()));
        srm.put("mismatch", r.srm().mismatch());
        srm.put("chiSquare", num(r.srm().chiSquare()));
        List<Object> expected = new ArrayList<>();
        for (double x : r.srm().expected()) {
            expected.add(num(x));
        }
        srm.put("expectedVisitors", expected);
        m.put("srm", srm);
        List<Map<String, Object>> guardrails = new ArrayList<>();
        for (ExperimentResults.Guardrail g : r.guardrails()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("metric", g.metric());
            gm.put("variant", g.variant());
            gm.put("violated", g.violated());
            gm.putAll(difference(g.difference()));
            guardrails.add(gm);
        }
        m.put("guardrails", guardrails);
        return m;
    }

    public static Map<String, Object> impression(ImpressionSet s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recommendationId", s.recommendationId());
        m.put("subject", s.subject());
        m.put("servedAt", s.servedAt().toString());
        m.put("experiment", s.experiment());
        m.put("variant", s.variant());
        m.put("clientReported", s.clientReported());
        List<Map<String, Object>> items = new ArrayList<>();
        for (ImpressionSet.Entry e : s.items()) {
            Map<String, Object> im = new LinkedHashMap<>();
            im.put("itemId", e.itemId());
            im.put("position", e.position());
            im.put("propensity", e.propensity());
            im.put("clicks", e.clicks());
            im.put("addToCarts", e.addToCarts());
            im.put("purchases", e.purchases());
            im.put("revenue", e.revenue());
            im.put("label", e.label());
            items.add(im);
        }
        m.put("items", items);
        return m;
    }

    static Map<String, Object> estimate(Estimate e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", num(e.value()));
        m.put("ci95", interval(e.ci95()));
        return m;
    }

    static Map<String, Object> difference(Difference d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("diff", num(d.diff()));
        m.put("ci95", interval(d.ci95()));
        m.put("pValue", num(d.pValue()));
        m.put("relative", num(d.relative()));
        m.put("significant", d.significant());
        return m;
    }

    private static List<Double> interval(Interval i) {
        return i.defined() ? List.of(i.lo(), i.hi()) : null;
    }

    private static Double num(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
