package org.shoptide.server.http.json;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.ExperimentAssignment;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.TrainingReport;

/** Domain → wire JSON of shops, items, users, models, training reports and recommendations. */
public final class ResponseJson {
    private final Clock clock;

    /** {@code clock} gives a model's age. */
    public ResponseJson(Clock clock) {
        this.clock = clock;
    }

    public static Map<String, Object> shop(Shop s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id().value());
        m.put("name", s.name());
        m.put("createdAt", s.createdAt().toString());
        m.put("trainingTime", s.trainingTime());
        m.put("customEventWeights", s.customEventWeights());
        m.put("attributionWindowMinutes", s.attributionWindowMinutes());
        m.put("explorationRate", s.explorationRate());
        m.put("trackingConsentRequired", s.trackingConsentRequired());
        return m;
    }

    public static Map<String, Object> item(Item i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("title", i.title());
        m.put("description", i.description());
        m.put("price", i.price());
        m.put("currency", i.currency());
        m.put("brand", i.brand());
        m.put("category", i.category());
        m.put("categoryPath", i.categoryPath());
        m.put("attributes", i.attributes());
        m.put("tags", i.tags());
        m.put("inStock", i.inStock());
        m.put("imageUrl", i.imageUrl());
        m.put("updatedAt", i.updatedAt() == null ? null : i.updatedAt().toString());
        return m;
    }

    public static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("traits", u.traits());
        m.put("createdAt", u.createdAt() == null ? null : u.createdAt().toString());
        m.put("updatedAt", u.updatedAt() == null ? null : u.updatedAt().toString());
        return m;
    }

    public Map<String, Object> model(ModelInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("shop", i.shop().value());
        m.put("version", i.version());
        m.put("createdAt", i.createdAt().toString());
        m.put("ageSeconds", Duration.between(i.createdAt(), clock.instant()).toSeconds());
        m.put("sizeBytes", i.sizeBytes());
        m.put("metadata", i.metadata());
        return m;
    }

    public Map<String, Object> report(TrainingReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", r.model() == null ? null : model(r.model()));
        m.put("eventsRead", r.eventsRead());
        m.put("users", r.users());
        m.put("items", r.items());
        m.put("tookMs", r.took() == null ? null : r.took().toMillis());
        m.put("stats", r.stats());
        return m;
    }

    public static Map<String, Object> recommendation(Recommendation rec) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("recommendationId", rec.recommendationId());
        out.put("scenario", rec.scenario().wireName());
        out.put("modelVersion", rec.modelVersion());
        out.put("ruleVersion", rec.ruleVersion());
        ExperimentAssignment assignment = rec.experiment();
        if (assignment != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", assignment.id());
            e.put("variant", assignment.variant());
            e.put("variantRules", assignment.variantRules());
            out.put("experiment", e);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        for (RecommendedItem ri : rec.items()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("itemId", ri.itemId());
            m.put("position", ri.position() > 0 ? ri.position() : items.size() + 1);
            if (ri.propensity() != null) {
                m.put("propensity", ri.propensity());
            }
            m.put("score", ri.score());
            m.put("reason", ri.reason());
            m.put("source", ri.source());
            Item it = ri.item();
            if (it != null) {
                m.put("title", it.title());
                m.put("price", it.price());
                m.put("currency", it.currency());
                m.put("category", it.category());
                m.put("imageUrl", it.imageUrl());
            }
            items.add(m);
        }
        out.put("items", items);
        return out;
    }
}
