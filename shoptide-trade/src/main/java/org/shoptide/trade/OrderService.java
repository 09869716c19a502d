package org.shoptide.trade;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderLine;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.OrderTransition;

/**
 * Creates orders from a cart or an assistant/recommendation answer (priced from the catalog at order time, stock
 * checked, one currency per order), reads them, and moves them by the merchant's or customer's hand (cancel, fulfil).
 * Payment-driven changes are in {@link PaymentService}, {@link RefundService} and {@link Reconciler}.
 */
public final class OrderService {
    /** Most lines per order. */
    public static final int MAX_LINES = 100;
    /** Most units per line. */
    public static final int MAX_QUANTITY = 10_000;
    /** Longest id (user, item, recommendation) accepted. */
    public static final int MAX_ID = 128;

    private final TradeStore store;
    private final TradeCatalog catalog;
    private final Clock clock;
    private final TradeSettings settings;
    private final Ids ids = new Ids();

    public OrderService(TradeStore store, TradeCatalog catalog, Clock clock, TradeSettings settings) {
        this.store = Objects.requireNonNull(store, "store");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** One requested line: an item and how many. */
    public record LineRequest(String itemId, int quantity) {
    }

    /**
     * A new order.
     *
     * @param recommendationId
     *            the recommendation or assistant answer the customer bought from (attribution), or null
     * @param returnUrl
     *            absolute http(s) URL the payment page returns to, or null
     */
    public record NewOrder(String userId, List<LineRequest> lines, String recommendationId, String returnUrl) {
    }

    /** Validates, prices and stores a new order in status CREATED. */
    public Order create(ShopId shop, NewOrder request) {
        checkId("userId", request.userId(), true);
        checkId("recommendationId", request.recommendationId(), false);
        checkReturnUrl(request.returnUrl());
        if (request.lines() == null || request.lines().isEmpty()) {
            throw TradeException.invalid("lines", "an order needs at least one line");
        }
        if (request.lines().size() > MAX_LINES) {
            throw TradeException.invalid("lines", "an order has at most " + MAX_LINES + " lines");
        }
        List<OrderLine> lines = new ArrayList<>();
        String currency = null;
        long total = 0;
        for (int i = 0; i < request.lines().size(); i++) {
            LineRequest r = request.lines().get(i);
            String field = "lines[" + i + "]";
            if (r == null) {
                throw TradeException.invalid(field, field + " must not be null");
            }
            checkId(field + ".itemId", r.itemId(), true);
            if (r.quantity() < 1 || r.quantity() > MAX_QUANTITY) {
                throw TradeException.invalid(field + ".quantity", "quantity must be 1 to " + MAX_QUANTITY);
            }
            Item item = catalog.item(shop, r.itemId()).orElseThrow(
                    () -> TradeException.invalid(field + ".itemId", "no item '" + r.itemId() + "' in the catalog"));
            if (item.price() == null || item.currency() == null) {
                throw TradeException.invalid(field + ".itemId", "item '" + r.itemId() + "' has no price and currency");
            }
            if (!item.inStock()) {
                throw TradeException.invalid(field + ".itemId", "item '" + r.itemId() + "' is out of stock");
            }
            if (currency != null && !currency.equals(item.currency())) {
                throw TradeException.invalid(field + ".itemId", "item '" + r.itemId() + "' is priced in "
                        + item.currency() + ", the order in " + currency + ": one currency per order");
            }
            currency = item.currency();
            long unit = Money.toMinor(item.price(), item.currency());
            OrderLine line = new OrderLine(item.id(), item.title(), r.quantity(), unit, currency, item.categoryPath());
            try {
                total = Math.addExact(total, line.totalMinor());
            } catch (ArithmeticException e) {
                throw TradeException.invalid(field + ".quantity", "the order total is too large");
            }
            lines.add(line);
        }
        if (total <= 0) {
            throw TradeException.invalid("lines", "the order total must be positive");
        }
        Instant now = clock.instant();
        Order order = new Order(shop, ids.next("ord", now), request.userId(), lines, currency, total, 0,
                OrderStatus.CREATED, request.recommendationId(), request.returnUrl(), now,
                now.plus(settings.paymentTtl()), null,
                List.of(new OrderTransition(null, OrderStatus.CREATED, "created", now)));
        store.write(tx -> {
            tx.insertOrder(order);
            return null;
        });
        return order;
    }

    public Order get(ShopId shop, String orderId) {
        return store.read(tx -> tx.order(shop, orderId)).orElseThrow(() -> TradeException.notFound("order", orderId));
    }

    /** The customer's orders, oldest first, {@code limit} 1 to 100. */
    public Page<Order> list(ShopId shop, String userId, String cursor, int limit) {
        checkId("userId", userId, true);
        if (limit < 1 || limit > 100) {
            throw TradeException.invalid("limit", "limit must be 1 to 100");
        }
        return store.read(tx -> tx.orders(shop, userId, cursor, limit));
    }

    /** The shop's orders of every customer, newest first, only those in {@code status} unless null; limit 1 to 100. */
    public Page<Order> shopOrders(ShopId shop, OrderStatus status, String cursor, int limit) {
        if (limit < 1 || limit > 100) {
            throw TradeException.invalid("limit", "limit must be 1 to 100");
        }
        return store.read(tx -> tx.shopOrders(shop, status, cursor, limit));
    }

    /**
     * Cancels an unpaid order. Payments still open at the provider are closed by the reconciliation job; money that
     * arrives for a cancelled order is refunded automatically.
     */
    public Order cancel(ShopId shop, String orderId, String reason) {
        String cause = reason == null || reason.isBlank() ? "cancelled" : "cancelled: " + reason;
        return move(shop, orderId, OrderStatus.CANCELLED, cause);
    }

    /** Marks a paid order fulfilled (shipped, handed over). */
    public Order fulfil(ShopId shop, String orderId) {
        return move(shop, orderId, OrderStatus.FULFILLED, "fulfilled");
    }

    private Order move(ShopId shop, String orderId, OrderStatus to, String cause) {
        Instant now = clock.instant();
        return store.write(tx -> {
            Order o = tx.order(shop, orderId).orElseThrow(() -> TradeException.notFound("order", orderId));
            Order moved = OrderStateMachine.move(o, to, cause, now);
            tx.updateOrder(moved);
            return moved;
        });
    }

    static void checkId(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                throw TradeException.invalid(field, field + " is required");
            }
            return;
        }
        if (value.isBlank() || value.length() > MAX_ID) {
            throw TradeException.invalid(field, field + " must be 1 to " + MAX_ID + " characters, not blank");
        }
        boolean bad = value.codePoints().anyMatch(
                cp -> Character.isISOControl(cp) || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE));
        if (bad) {
            throw TradeException.invalid(field, field + " has a control character or unpaired surrogate");
        }
    }

    private static void checkReturnUrl(String url) {
        if (url == null) {
            return;
        }
        try {
            URI u = new URI(url);
            if (url.length() > 2000 || !u.isAbsolute() || u.getHost() == null
                    || !("http".equals(u.getScheme()) || "https".equals(u.getScheme()))) {
                throw TradeException.invalid("returnUrl", "returnUrl must be an absolute http(s) URL");
            }
        } catch (URISyntaxException e) {
            throw TradeException.invalid("returnUrl", "returnUrl is not a URL: " + e.getReason());
        }
    }
}
