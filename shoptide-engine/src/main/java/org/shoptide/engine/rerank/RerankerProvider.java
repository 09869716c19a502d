package org.shoptide.engine.rerank;

import java.util.Optional;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;

/**
 * The re-ranker activated for a shop's scenario, if any. A re-ranker is active only where an offline comparison on
 * held-out logged impressions found it better than the blend (see docs/adr/0010-learning-to-rank-reranker-hook.md); the
 * provider decides, the pipeline only asks. Called on every request: implementations answer from memory.
 */
@FunctionalInterface
public interface RerankerProvider {

    /** No re-ranking anywhere: the default. */
    RerankerProvider NONE = (shop, scenario) -> Optional.empty();

    Optional<Reranker> active(ShopId shop, Scenario scenario);
}
