package org.shoptide.engine.rerank;

import java.util.Objects;
import java.util.function.Function;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.UserSnapshot;

/**
 * What a {@link Reranker} may look at besides the candidates: the same realtime state the blend used.
 *
 * @param user
 *            the subject's realtime state when the request was answered, or null for a visitor without history
 * @param realtime
 *            the shop's realtime state (item popularity and trending counters)
 * @param catalog
 *            the shop's catalog entry of an item id, or null when unknown
 * @param nowMillis
 *            the request's time
 */
public record RerankContext(ShopId shop, Scenario scenario, UserSnapshot user, RealtimeState realtime,
        Function<String, Item> catalog, long nowMillis) {
    public RerankContext {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(realtime, "realtime");
        Objects.requireNonNull(catalog, "catalog");
    }
}
