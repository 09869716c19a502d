package org.shoptide.server.http.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.BudgetPeriod;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.filter.CustomerIdentity;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.server.http.json.TradeRequests;
import org.shoptide.server.trade.Trade;
import org.shoptide.trade.BudgetService.BudgetRequest;

/**
 * A customer's budgets: set one (per category or overall, per period), read all with spent and remaining in the current
 * period, delete one. Setting takes an {@code Idempotency-Key}.
 */
public final class BudgetHandler implements Resource {
    private final Trade trade;
    private final RequestBody body;

    public BudgetHandler(Trade trade, RequestBody body) {
        this.trade = trade;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.PUT, "/v1/users/{id}/budgets", Access.PUBLISHABLE, this::put);
        r.add(HandlerType.GET, "/v1/users/{id}/budgets", Access.PUBLISHABLE, this::list);
        r.add(HandlerType.DELETE, "/v1/users/{id}/budgets/{budgetId}", Access.PUBLISHABLE, this::delete);
    }

    private void put(Context ctx) {
        JsonNode tree = body.tree(ctx);
        TradeRequests.Budget req = RequestBody.bind(tree, TradeRequests.Budget.class, "the budget is invalid");
        String userId = CustomerIdentity.require(ctx, ctx.pathParam("id"));
        if (req.amountMinor() == null) {
            throw ApiProblem.badRequest("amountMinor", "amountMinor is required (integer minor units)");
        }
        BudgetPeriod period = period(req.period());
        BudgetRequest request = new BudgetRequest(Params.blankToNull(req.category()), period, req.amountMinor(),
                req.currency(), instant("from", req.from()), instant("to", req.to()));
        ShopId shop = Caller.shop(ctx);
        Idempotent.answer(ctx, trade.idempotency(), tree, 200,
                () -> TradeJson.budget(trade.budgets().put(shop, userId, request)));
    }

    private void list(Context ctx) {
        String userId = CustomerIdentity.require(ctx, ctx.pathParam("id"));
        ctx.json(Map.of("userId", userId, "budgets",
                trade.budgets().list(Caller.shop(ctx), userId).stream().map(TradeJson::budget).toList()));
    }

    private void delete(Context ctx) {
        String userId = CustomerIdentity.require(ctx, ctx.pathParam("id"));
        trade.budgets().delete(Caller.shop(ctx), userId, ctx.pathParam("budgetId"));
        ctx.status(204);
    }

    private static BudgetPeriod period(String name) {
        if (name == null) {
            return BudgetPeriod.MONTH;
        }
        try {
            return BudgetPeriod.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("period", "period must be month, week or range");
        }
    }

    private static Instant instant(String field, String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest(field, field + " must be an ISO-8601 instant like 2026-12-01T00:00:00Z");
        }
    }
}
