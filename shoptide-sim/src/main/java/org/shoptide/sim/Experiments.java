package org.shoptide.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The experiments API as the simulator uses it ({@code /v1/experiments}, secret key), and a reader for its results that
 * goes by metric names, not by layout details.
 */
public final class Experiments {
    private Experiments() {
    }

    /** A variant to create: name, traffic weight, model ({@code blend}, {@code popular}, ...), optional params. */
    public record Variant(String name, int weight, String model, ObjectNode params) {
        public static Variant of(String name, int weight, String model) {
            return new Variant(name, weight, model, null);
        }
    }

    /**
     * Creates and starts an experiment on the {@code user} scenario with the unit {@code user}.
     *
     * @return the experiment id
     */
    public static String createAndStart(ShopClient shop, String name, List<Variant> variants, double explorationRate) {
        ObjectNode body = ShopClient.JSON.createObjectNode();
        body.put("name", name).put("unit", "user").put("scenario", "user");
        ArrayNode vs = body.putArray("variants");
        for (Variant v : variants) {
            ObjectNode o = vs.addObject().put("name", v.name()).put("weight", v.weight()).put("model", v.model());
            if (v.params() != null) {
                o.set("params", v.params());
            }
        }
        body.putArray("guardrails").add("ctr").add("conversion");
        body.put("explorationRate", explorationRate);
        String id = shop.secret("POST", "/v1/experiments", body).path("id").asText();
        if (id.isEmpty()) {
            throw new IllegalStateException("POST /v1/experiments answered no id");
        }
        shop.secret("POST", "/v1/experiments/" + id + "/start", null);
        return id;
    }

    public static void stop(ShopClient shop, String id) {
        shop.secret("POST", "/v1/experiments/" + id + "/stop", null);
    }

    public static JsonNode results(ShopClient shop, String id) {
        return shop.secret("GET", "/v1/experiments/" + id + "/results", null);
    }

    /** The variants' result objects by name, whether the server lists them as an array or as an object. */
    public static Map<String, JsonNode> variants(JsonNode results) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        JsonNode vs = results.path("variants");
        if (vs.isArray()) {
            vs.forEach(v -> out.put(v.path("name").asText(v.path("variant").asText()), v));
        } else if (vs.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = vs.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** A metric's value: a bare number or {@code {"value": x, ...}}; NaN when absent. */
    public static double value(JsonNode variant, String metric) {
        JsonNode m = variant.path(metric);
        if (m.isNumber()) {
            return m.asDouble();
        }
        JsonNode v = m.path("value");
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    /** A metric's 95 % interval {@code [lo, hi]}, or null. */
    public static double[] ci95(JsonNode metric) {
        JsonNode ci = metric.path("ci95");
        return ci.isArray() && ci.size() == 2 ? new double[] { ci.get(0).asDouble(), ci.get(1).asDouble() } : null;
    }

    /**
     * The difference of a variant's metric to control: {@code {"value", "ci95", "pValue"}} as found under the variant
     * ({@code difference.<metric>}, {@code diff.<metric>} or {@code <metric>.difference}); missing node when absent.
     */
    public static JsonNode difference(JsonNode variant, String metric) {
        for (String container : List.of("difference", "differences", "diff", "vsControl", "delta")) {
            JsonNode d = variant.path(container).path(metric);
            if (!d.isMissingNode()) {
                return d;
            }
        }
        for (String inner : List.of("difference", "diff", "vsControl", "delta")) {
            JsonNode d = variant.path(metric).path(inner);
            if (!d.isMissingNode()) {
                return d;
            }
        }
        return ShopClient.JSON.missingNode();
    }

    /** Names of the metrics with a {@code pValue} in the difference of a variant. */
    public static List<String> testedMetrics(JsonNode variant) {
        List<String> out = new ArrayList<>();
        for (String m : List.of("ctr", "conversionRate", "aov", "revenuePerVisitor")) {
            if (difference(variant, m).path("pValue").isNumber()) {
                out.add(m);
            }
        }
        return out;
    }
}
