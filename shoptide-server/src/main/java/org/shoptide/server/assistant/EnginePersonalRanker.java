package org.shoptide.server.assistant;

import org.shoptide.server.http.handler.BudgetLookup;
import java.util.List;
import java.util.Objects;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.port.PersonalRanker;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.BudgetLimit;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;

/**
 * Personal ranking by the engine: a "for you" request restricted to the assistant's candidates
 * ({@link Filters#onlyItems()}), which blends the candidates' lexical order with the customer's own sources and logs
 * the answer as an exposure under its recommendation id. Items the customer bought stay eligible: asking for them again
 * is a signal of its own.
 */
public final class EnginePersonalRanker implements PersonalRanker {
    private final Engine engine;
    private final BudgetLookup budgets;

    /**
     * @param budgets
     *            the customers' remaining budgets (trade's), which rank what is over them lower; the intent's own
     *            budget is already a hard filter on the candidates
     */
    public EnginePersonalRanker(Engine engine, BudgetLookup budgets) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.budgets = Objects.requireNonNull(budgets, "budgets");
    }

    @Override
    public Ranking rank(ShopId shop, Customer customer, List<String> candidates, int n) {
        List<String> only = candidates.subList(0, Math.min(candidates.size(), Filters.MAX_ONLY_ITEMS));
        BudgetLimit budget = customer.userId() == null ? null : budgets.limit(shop, customer.userId()).orElse(null);
        // logged with the assistant's surface, so what it sells shows as the assistant's share of revenue
        Recommendation r = engine.recommend(new RecommendationRequest(shop, Scenario.USER, customer.userId(),
                customer.anonymousId(), null, List.of(), Math.max(1, Math.min(n, 100)),
                new Filters(null, null, null, null, false, only, budget), false, null,
                RecommendationRequest.ASSISTANT));
        return new Ranking(r.recommendationId(),
                r.items().stream().map(i -> new Ranked(i.itemId(), i.reason(), i.source())).toList());
    }
}
