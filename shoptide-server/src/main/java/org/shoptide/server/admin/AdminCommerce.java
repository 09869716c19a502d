package org.shoptide.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ConversationStore;
import org.shoptide.core.port.ConversationStore.ConversationRecord;
import org.shoptide.core.port.ConversationStore.TurnRecord;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.handler.TradeJson;
import org.shoptide.server.trade.Trade;

/**
 * The dashboard's Orders and Conversations data: a shop's orders (newest first, paged, filtered by status) with one
 * order's lines, history, payments and refunds; a shop's recent assistant conversations with one conversation's
 * transcript (each turn's message, parsed intent, reply, products shown and outcome). Read only.
 */
final class AdminCommerce {
    /** Conversations listed at most. */
    static final int CONVERSATIONS_LIMIT = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Engine engine;
    private final Trade trade;
    private final ConversationStore conversations;

    AdminCommerce(Engine engine, Trade trade, ConversationStore conversations) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.trade = Objects.requireNonNull(trade, "trade");
        this.conversations = Objects.requireNonNull(conversations, "conversations");
    }

    void orders(Context ctx, ShopId shop, int limit) {
        OrderStatus status = status(ctx.queryParam("status"));
        String cursor = ctx.queryParam("cursor");
        Page<Order> page = trade.orders().shopOrders(shop, status, cursor == null || cursor.isEmpty() ? null : cursor,
                limit);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("orders", page.items().stream().map(o -> TradeJson.order(o, null, null)).toList());
        out.put("nextCursor", page.nextCursor());
        ctx.json(out);
    }

    void order(Context ctx, ShopId shop) {
        String id = ctx.pathParam("id");
        Order o = trade.orders().get(shop, id);
        ctx.json(TradeJson.order(o, trade.payments().payments(shop, id), trade.refunds().refunds(shop, id)));
    }

    private static OrderStatus status(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        for (OrderStatus x : OrderStatus.values()) {
            if (x.wireName().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return x;
            }
        }
        throw ApiProblem.badRequest("status",
                "status must be one of " + List.of(OrderStatus.values()).stream().map(OrderStatus::wireName).toList());
    }

    void conversations(Context ctx, ShopId shop) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ConversationRecord c : conversations.recent(shop, CONVERSATIONS_LIMIT)) {
            Map<String, Object> m = conversation(c);
            List<TurnRecord> turns = conversations.turns(shop, c.id());
            m.put("turns", turns.size());
            m.put("lastOutcome", turns.isEmpty() ? null : turns.getLast().outcome());
            m.put("lastAt", turns.isEmpty() ? null : turns.getLast().at());
            list.add(m);
        }
        ctx.json(Map.of("conversations", list));
    }

    void transcript(Context ctx, ShopId shop) {
        String id = ctx.pathParam("id");
        ConversationRecord c = conversations.get(shop, id).orElseThrow(
                () -> new ApiProblem(404, "not-found", "Not Found", "this shop has no conversation '" + id + "'"));
        Map<String, Object> out = conversation(c);
        List<Map<String, Object>> turns = new ArrayList<>();
        for (TurnRecord t : conversations.turns(shop, id)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", t.number());
            m.put("at", t.at());
            m.put("message", t.message());
            m.put("intent", intent(t.intent()));
            m.put("reply", t.reply());
            m.put("products", t.productIds().stream().map(p -> product(shop, p)).toList());
            m.put("recommendationId", t.recommendationId());
            m.put("outcome", t.outcome());
            turns.add(m);
        }
        out.put("turns", turns);
        ctx.json(out);
    }

    private static Map<String, Object> conversation(ConversationRecord c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("userId", c.userId());
        m.put("anonymousId", c.anonymousId());
        m.put("language", c.language());
        m.put("createdAt", c.createdAt());
        return m;
    }

    /** The stored intent JSON as a tree, its raw text when it does not parse, null for a button turn. */
    private static Object intent(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return JSON.readTree(stored);
        } catch (JsonProcessingException e) {
            return stored;
        }
    }

    private Map<String, Object> product(ShopId shop, String itemId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("itemId", itemId);
        m.put("title", engine.item(shop, itemId).map(Item::title).orElse(null));
        return m;
    }
}
