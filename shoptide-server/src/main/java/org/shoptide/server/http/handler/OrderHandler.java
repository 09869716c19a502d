package org.shoptide.server.http.handler;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.core.port.Page;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Order;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.filter.CustomerIdentity;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.server.http.json.TradeRequests;
import org.shoptide.server.trade.Trade;
import org.shoptide.trade.OrderService.LineRequest;
import org.shoptide.trade.OrderService.NewOrder;
import org.shoptide.trade.PaymentService.Started;

/**
 * Orders: create from a cart or an assistant answer, read, list a customer's, pay, cancel (customer or backend), fulfil
 * and refund (backend, secret key). Every mutating route takes an {@code Idempotency-Key}. A publishable-key caller
 * acts only for the customer its token names ({@link CustomerIdentity}).
 */
public final class OrderHandler implements Resource {
    private final Trade trade;
    private final RequestBody body;

    public OrderHandler(Trade trade, RequestBody body) {
        this.trade = trade;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/orders", Access.PUBLISHABLE, this::create);
        r.add(HandlerType.GET, "/v1/orders", Access.PUBLISHABLE, this::list);
        r.add(HandlerType.GET, "/v1/orders/{id}", Access.PUBLISHABLE, this::get);
        r.add(HandlerType.POST, "/v1/orders/{id}/payments", Access.PUBLISHABLE, this::pay);
        r.add(HandlerType.POST, "/v1/orders/{id}/cancel", Access.PUBLISHABLE, this::cancel);
        r.add(HandlerType.POST, "/v1/orders/{id}/fulfil", Access.SECRET, this::fulfil);
        r.add(HandlerType.POST, "/v1/orders/{id}/refunds", Access.SECRET, this::refund);
    }

    private Map<String, Object> json(ShopId shop, Order o) {
        return TradeJson.order(o, trade.payments().payments(shop, o.orderId()),
                trade.refunds().refunds(shop, o.orderId()));
    }

    /** The order, after checking that the caller may act for its customer. */
    private Order owned(Context ctx) {
        Order o = trade.orders().get(Caller.shop(ctx), ctx.pathParam("id"));
        CustomerIdentity.require(ctx, o.userId());
        return o;
    }

    private void create(Context ctx) {
        JsonNode tree = body.tree(ctx);
        TradeRequests.CreateOrder req = RequestBody.bind(tree, TradeRequests.CreateOrder.class,
                "the order is invalid; nothing was stored");
        String userId = CustomerIdentity.require(ctx, req.userId());
        List<LineRequest> lines = new ArrayList<>();
        if (req.lines() != null) {
            for (int i = 0; i < req.lines().size(); i++) {
                TradeRequests.Line l = req.lines().get(i);
                if (l == null || l.quantity() == null) {
                    throw ApiProblem.badRequest("lines[" + i + "].quantity", "every line needs itemId and quantity");
                }
                lines.add(new LineRequest(l.itemId(), l.quantity()));
            }
        }
        ShopId shop = Caller.shop(ctx);
        Idempotent.answer(ctx, trade.idempotency(), tree, 201,
                () -> TradeJson.order(
                        trade.orders().create(shop,
                                new NewOrder(userId, lines, req.recommendationId(), req.returnUrl())),
                        List.of(), List.of()));
    }

    private void get(Context ctx) {
        ctx.json(json(Caller.shop(ctx), owned(ctx)));
    }

    private void list(Context ctx) {
        String userId = CustomerIdentity.require(ctx, Params.blankToNull(ctx.queryParam("userId")));
        int limit = (int) Params.longParam(ctx, "limit", 20, 1, 100);
        Page<Order> page = trade.orders().list(Caller.shop(ctx), userId, Params.blankToNull(ctx.queryParam("cursor")),
                limit);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orders", page.items().stream().map(o -> TradeJson.order(o, null, null)).toList());
        m.put("nextCursor", page.nextCursor());
        ctx.json(m);
    }

    private void pay(Context ctx) {
        JsonNode tree = body.tree(ctx);
        TradeRequests.StartPayment req = RequestBody.bind(tree, TradeRequests.StartPayment.class,
                "the payment request is invalid");
        Channel channel = channel(req.channel());
        Order o = owned(ctx);
        ShopId shop = Caller.shop(ctx);
        Idempotent.answer(ctx, trade.idempotency(), tree, 201, () -> {
            Started s = trade.payments().start(shop, o.orderId(), channel, req.payerId());
            return TradeJson.started(s.payment(), s.prepay());
        });
    }

    private static Channel channel(String name) {
        if (name == null) {
            return Channel.PAGE;
        }
        try {
            return Channel.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("channel", "channel must be page, native or jsapi");
        }
    }

    private void cancel(Context ctx) {
        JsonNode tree = optionalBody(ctx);
        TradeRequests.Cancel req = tree == null ? new TradeRequests.Cancel(null)
                : RequestBody.bind(tree, TradeRequests.Cancel.class, "the cancel request is invalid");
        if (req.reason() != null && req.reason().length() > 200) {
            throw ApiProblem.badRequest("reason", "reason is at most 200 characters");
        }
        Order o = owned(ctx);
        ShopId shop = Caller.shop(ctx);
        Idempotent.answer(ctx, trade.idempotency(), tree, 200,
                () -> json(shop, trade.orders().cancel(shop, o.orderId(), req.reason())));
    }

    private void fulfil(Context ctx) {
        ShopId shop = Caller.shop(ctx);
        String id = ctx.pathParam("id");
        Idempotent.answer(ctx, trade.idempotency(), optionalBody(ctx), 200,
                () -> json(shop, trade.orders().fulfil(shop, id)));
    }

    private void refund(Context ctx) {
        JsonNode tree = body.tree(ctx);
        TradeRequests.Refund req = RequestBody.bind(tree, TradeRequests.Refund.class, "the refund is invalid");
        if (req.amountMinor() == null) {
            throw ApiProblem.badRequest("amountMinor", "amountMinor is required (integer minor units)");
        }
        ShopId shop = Caller.shop(ctx);
        String id = ctx.pathParam("id");
        Idempotent.answer(ctx, trade.idempotency(), tree, 201,
                () -> TradeJson.refund(trade.refunds().refund(shop, id, req.amountMinor(), req.reason())));
    }

    /** The JSON body when the request has one, else null (cancel and fulfil need none). */
    private JsonNode optionalBody(Context ctx) {
        return ctx.contentLength() > 0 || ctx.header("Transfer-Encoding") != null ? body.tree(ctx) : null;
    }
}
