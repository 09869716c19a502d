package org.shoptide.server.http.handler;

import org.shoptide.engine.api.BudgetLimit;
import java.util.function.Supplier;
import java.util.LinkedHashMap;
import java.util.Map;
import static org.shoptide.server.http.handler.Params.blankToNull;
import static org.shoptide.server.http.handler.Params.boolQuery;
import static org.shoptide.server.http.handler.Params.doubleQuery;
import static org.shoptide.server.http.handler.Params.intQuery;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.ResponseJson;

/** {@code GET /v1/recommendations}: query parameters validated at once, then the engine's answer. */
public final class RecommendationHandler implements Resource {
    private final Engine engine;
    private final int defaultN;
    private final Supplier<BudgetLookup> budgets;

    /**
     * @param budgets
     *            the customers' budgets (read per request: the trade feature plugs them in before the server starts)
     */
    public RecommendationHandler(Engine engine, int defaultN, Supplier<BudgetLookup> budgets) {
        this.engine = engine;
        this.defaultN = defaultN;
        this.budgets = budgets;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/v1/recommendations", Access.PUBLISHABLE, this::recommend);
        r.preflight("/v1/recommendations", "GET");
    }

    private void recommend(Context ctx) {
        List<Violation> v = new ArrayList<>();
        String scenarioName = Optional.ofNullable(ctx.queryParam("scenario")).orElse("user");
        Scenario scenario = null;
        try {
            scenario = Scenario.valueOf(scenarioName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            v.add(new Violation(-1, "scenario", "scenario must be user, item, cart or trending"));
        }
        Integer n = intQuery(ctx, "n", v);
        if (n != null && (n < 1 || n > 100)) {
            v.add(new Violation(-1, "n", "n must be between 1 and 100"));
        }
        Double minPrice = doubleQuery(ctx, "minPrice", v);
        Double maxPrice = doubleQuery(ctx, "maxPrice", v);
        Boolean inStock = boolQuery(ctx, "inStock", v);
        Boolean excludePurchased = boolQuery(ctx, "excludePurchased", v);
        String budgetMode = Optional.ofNullable(blankToNull(ctx.queryParam("budget"))).orElse("rank");
        if (!List.of("rank", "hard", "ignore").contains(budgetMode)) {
            v.add(new Violation(-1, "budget", "budget must be rank (the default), hard or ignore"));
        }
        String itemIds = ctx.queryParam("itemIds");
        List<String> cart = itemIds == null || itemIds.isBlank() ? List.of()
                : List.of(itemIds.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("invalid recommendation request", v);
        }
        RecommendationRequest req = new RecommendationRequest(Caller.shop(ctx), scenario,
                blankToNull(ctx.queryParam("userId")), blankToNull(ctx.queryParam("anonymousId")),
                blankToNull(ctx.queryParam("itemId")), cart, n == null ? defaultN : n,
                new Filters(blankToNull(ctx.queryParam("category")), blankToNull(ctx.queryParam("brand")), minPrice,
                        maxPrice, inStock != null && inStock),
                excludePurchased == null || excludePurchased, blankToNull(ctx.queryParam("contextCategory")));
        String userId = req.userId();
        BudgetLimit budget = userId == null || budgetMode.equals("ignore") ? null
                : budgets.get().limit(req.shop(), userId).map(b -> b.withHard(budgetMode.equals("hard"))).orElse(null);
        Map<String, Object> out = ResponseJson.recommendation(
                engine.recommend(budget == null ? req : req.withFilters(req.filters().withBudget(budget))));
        if (budget != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("currency", budget.currency());
            b.put("remaining", budget.remaining());
            b.put("remainingByCategory", budget.remainingByCategory());
            b.put("hard", budget.hard());
            out.put("budget", b);
        }
        ctx.json(out);
    }
}
