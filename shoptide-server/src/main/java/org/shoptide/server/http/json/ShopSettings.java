package org.shoptide.server.http.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;

/**
 * Body of {@code PATCH /v1/shops/{id}}: name, custom event weights, daily training time ({@code null} clears it),
 * attribution window, exploration rate and tracking consent mode; an absent field stays as it is. Every bad or unknown
 * field is reported at once.
 */
public final class ShopSettings {
    private static final Set<String> SETTINGS = Set.of("name", "customEventWeights", "trainingTime",
            "attributionWindowMinutes", "explorationRate", "trackingConsentRequired");

    private ShopSettings() {
    }

    public static ShopUpdate parse(JsonNode b) {
        List<Violation> v = new ArrayList<>();
        if (!b.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object",
                    List.of(new Violation(-1, "", "expected {name?, customEventWeights?, trainingTime?,"
                            + " attributionWindowMinutes?, explorationRate?, trackingConsentRequired?}")));
        }
        b.fieldNames().forEachRemaining(f -> {
            if (!SETTINGS.contains(f)) {
                v.add(new Violation(-1, f, "unknown field; expected name, customEventWeights, trainingTime,"
                        + " attributionWindowMinutes, explorationRate or trackingConsentRequired"));
            }
        });
        String name = null;
        if (b.has("name")) {
            name = b.get("name").isTextual() ? b.get("name").asText() : null;
            if (name == null) {
                v.add(new Violation(-1, "name", "name must be a string"));
            }
        }
        Map<String, Double> weights = null;
        if (b.has("customEventWeights")) {
            JsonNode w = b.get("customEventWeights");
            if (!w.isObject()) {
                v.add(new Violation(-1, "customEventWeights",
                        "customEventWeights must be an object of type -> number"));
            } else {
                weights = new LinkedHashMap<>();
                for (var e : w.properties()) {
                    if (!e.getValue().isNumber()) {
                        v.add(new Violation(-1, "customEventWeights." + e.getKey(), "weight must be a number"));
                    } else {
                        weights.put(e.getKey(), e.getValue().doubleValue());
                    }
                }
            }
        }
        String trainingTime = null;
        if (b.has("trainingTime")) {
            JsonNode t = b.get("trainingTime");
            trainingTime = t.isNull() ? "" : t.isTextual() ? t.asText() : null;
            if (trainingTime == null) {
                v.add(new Violation(-1, "trainingTime", "trainingTime must be \"HH:mm\" or null"));
            }
        }
        Integer window = null;
        if (b.has("attributionWindowMinutes")) {
            JsonNode w = b.get("attributionWindowMinutes");
            if (!w.canConvertToInt() || !w.isIntegralNumber()) {
                v.add(new Violation(-1, "attributionWindowMinutes", "attributionWindowMinutes must be a whole number"));
            } else {
                window = w.intValue();
            }
        }
        Double exploration = null;
        if (b.has("explorationRate")) {
            JsonNode er = b.get("explorationRate");
            if (!er.isNumber()) {
                v.add(new Violation(-1, "explorationRate", "explorationRate must be a number from 0 to 0.5"));
            } else {
                exploration = er.doubleValue();
            }
        }
        Boolean consent = null;
        if (b.has("trackingConsentRequired")) {
            JsonNode tc = b.get("trackingConsentRequired");
            if (!tc.isBoolean()) {
                v.add(new Violation(-1, "trackingConsentRequired", "trackingConsentRequired must be true or false"));
            } else {
                consent = tc.booleanValue();
            }
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("invalid shop settings; nothing was changed", v);
        }
        return new ShopUpdate(name, weights, trainingTime, window, exploration, consent);
    }
}
