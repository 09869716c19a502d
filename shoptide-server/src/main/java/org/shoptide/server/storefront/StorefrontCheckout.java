package org.shoptide.server.storefront;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.BudgetPeriod;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderLine;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.server.http.Json;
import org.shoptide.server.trade.Trade;
import org.shoptide.trade.BudgetService.BudgetRequest;
import org.shoptide.trade.BudgetService.BudgetView;
import org.shoptide.trade.IdempotentCalls;
import org.shoptide.trade.Money;
import org.shoptide.trade.OrderService.LineRequest;
import org.shoptide.trade.OrderService.NewOrder;
import org.shoptide.trade.PaymentService.Started;
import org.shoptide.trade.TradeException;

/**
 * The demo storefront's real checkout and customer pages, server-side through {@link Trade} (the storefront is part of
 * the server, like its engine calls): the cart becomes an order priced by trade and a payment on the provider's hosted
 * page, which returns to the order's confirmation page; the account page lists the visitor's orders and budgets. The
 * visitor is the tracker's anonymous id, which the page script keeps in a first-party cookie ({@link #VISITOR_COOKIE})
 * for these server-rendered pages; an order page shows only an order of that visitor. Every string is HTML-escaped.
 */
public final class StorefrontCheckout {
    /** The cookie with the tracker's visitor id, set by {@code storefront.js} for {@code /demo} pages. */
    public static final String VISITOR_COOKIE = "shoptide_demo_vid";

    private final Storefront storefront;
    private final Trade trade;

    public StorefrontCheckout(Storefront storefront, Trade trade) {
        this.storefront = storefront;
        this.trade = trade;
    }

    /**
     * Places the cart's order for the visitor and starts its payment on the hosted page, at most once per
     * {@code idempotencyKey} (a retried click gets the same order).
     *
     * @param body
     *            {@code {"lines": [{"itemId", "quantity"}]}}
     * @param origin
     *            scheme, host and port of the storefront, for the payment page's return URL
     *
     * @return {@code {"orderId", "redirectUrl"}} as JSON
     */
    public String placeOrder(String shopId, String visitorId, JsonNode body, String idempotencyKey, String origin) {
        ShopId shop = storefront.shop(shopId);
        String visitor = visitor(visitorId);
        List<LineRequest> lines = new ArrayList<>();
        JsonNode arr = body.path("lines");
        if (!arr.isArray()) {
            throw TradeException.invalid("lines", "lines must be an array of {itemId, quantity}");
        }
        for (JsonNode l : arr) {
            if (!l.path("itemId").isTextual() || !l.path("quantity").canConvertToInt()) {
                throw TradeException.invalid("lines", "each line needs a string itemId and an integer quantity");
            }
            lines.add(new LineRequest(l.get("itemId").asText(), l.get("quantity").asInt()));
        }
        String fingerprint = IdempotentCalls.fingerprint("POST", "/demo/" + shopId + "/checkout",
                (visitor + "\n" + arr).getBytes(StandardCharsets.UTF_8));
        return trade.idempotency().execute(shop, "storefront:" + idempotencyKey, fingerprint, () -> {
            // the order id is known only after create: the payment page returns to the visitor's newest order
            Order order = trade.orders().create(shop,
                    new NewOrder(visitor, lines, null, origin + "/demo/" + Storefront.url(shopId) + "/order/latest"));
            Started started = trade.payments().start(shop, order.orderId(), Channel.PAGE, null);
            Map<String, String> out = new LinkedHashMap<>();
            out.put("orderId", order.orderId());
            out.put("redirectUrl", started.prepay().redirectUrl());
            try {
                return new IdempotentCalls.Response(201, Json.MAPPER.writeValueAsString(out));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }).body();
    }

    /** The id of the visitor's newest order, where the payment page returns to. */
    public String latestOrderId(String shopId, String visitorId) {
        ShopId shop = storefront.shop(shopId);
        return orders(shop, visitor(visitorId)).stream().findFirst().map(Order::orderId)
                .orElseThrow(() -> new NotFoundException("this visitor has no order in shop '" + shopId + "'"));
    }

    private List<Order> orders(ShopId shop, String visitor) {
        List<Order> orders = new ArrayList<>(trade.orders().list(shop, visitor, null, 100).items());
        orders.sort((x, y) -> y.createdAt().compareTo(x.createdAt()));
        return orders;
    }

    /** The confirmation page of one of the visitor's orders: status, lines and total. */
    public String orderPage(String shopId, String visitorId, String orderId) {
        ShopId shop = storefront.shop(shopId);
        Order o;
        try {
            o = trade.orders().get(shop, orderId);
        } catch (TradeException e) {
            o = null;
        }
        if (o == null || visitorId == null || !o.userId().equals(visitorId)) {
            throw new NotFoundException("no order '" + orderId + "' of this visitor in shop '" + shopId + "'");
        }
        StringBuilder b = new StringBuilder("<h1>Order <span id=\"order-id\">").append(Html.escape(o.orderId()))
                .append("</span></h1><p>Status: <strong id=\"order-status\">")
                .append(Html.escape(o.status().wireName())).append("</strong></p>")
                .append("<table class=\"lines\" id=\"order-lines\">");
        for (OrderLine l : o.lines()) {
            b.append("<tr><td>").append(Html.escape(l.title() == null ? l.itemId() : l.title())).append("</td><td>× ")
                    .append(l.quantity()).append("</td><td>")
                    .append(Html.escape(Money.format(l.totalMinor(), l.currency()))).append("</td></tr>");
        }
        b.append("</table><p class=\"total\">Total: <span id=\"order-total\">")
                .append(Html.escape(Money.format(o.totalMinor(), o.currency()))).append("</span></p>");
        return storefront.page(shopId, "order", "Order " + o.orderId(), b.toString());
    }

    /** The visitor's orders (newest first) and budgets, with a form for a monthly budget. */
    public String accountPage(String shopId, String visitorId) {
        ShopId shop = storefront.shop(shopId);
        StringBuilder b = new StringBuilder("<h1>Your orders</h1>");
        if (visitorId == null || visitorId.isEmpty()) {
            b.append(
                    "<p id=\"no-visitor\">We do not know you yet: browse the shop (and accept tracking if asked).</p>");
            return storefront.page(shopId, "account", "Your orders", b.toString());
        }
        String visitor = visitor(visitorId);
        List<Order> orders = orders(shop, visitor);
        b.append("<table class=\"lines\" id=\"orders\">");
        String base = "/demo/" + Storefront.url(shopId);
        for (Order o : orders) {
            b.append("<tr data-order-id=\"").append(Html.escape(o.orderId())).append("\"><td><a href=\"").append(base)
                    .append("/order/").append(Html.escape(Storefront.url(o.orderId()))).append("\">")
                    .append(Html.escape(o.orderId())).append("</a></td><td class=\"status\">")
                    .append(Html.escape(o.status().wireName())).append("</td><td>")
                    .append(Html.escape(Money.format(o.totalMinor(), o.currency()))).append("</td></tr>");
        }
        b.append("</table>");
        if (orders.isEmpty()) {
            b.append("<p id=\"no-orders\">No orders yet.</p>");
        }
        b.append("<h2>Budgets</h2><ul id=\"budgets\">");
        for (BudgetView v : trade.budgets().list(shop, visitor)) {
            b.append("<li>").append(Html.escape(v.budget().category() == null ? "Everything" : v.budget().category()))
                    .append(", ").append(Html.escape(v.budget().period().name().toLowerCase(Locale.ROOT))).append(": ")
                    .append(Html.escape(Money.format(v.budget().amountMinor(), v.budget().currency())))
                    .append(", spent ").append(Html.escape(Money.format(v.spentMinor(), v.budget().currency())))
                    .append(", left ").append(Html.escape(Money.format(v.remainingMinor(), v.budget().currency())))
                    .append("</li>");
        }
        b.append("</ul><form id=\"budget-form\"><label>Monthly budget <input id=\"budget-amount\" name=\"amount\""
                + " inputmode=\"decimal\" required></label> <label>Currency <input id=\"budget-currency\""
                + " name=\"currency\" value=\"GBP\" size=\"3\" required></label> <button type=\"submit\">Set</button>"
                + "</form><p id=\"budget-error\" class=\"error\" hidden></p>");
        return storefront.page(shopId, "account", "Your orders", b.toString());
    }

    /**
     * Sets the visitor's overall monthly budget.
     *
     * @param body
     *            {@code {"amount": "12.50", "currency": "GBP"}}: the amount in major units as text, never a float
     */
    public void setMonthlyBudget(String shopId, String visitorId, JsonNode body) {
        ShopId shop = storefront.shop(shopId);
        String visitor = visitor(visitorId);
        String currency = body.path("currency").asText("").strip().toUpperCase(Locale.ROOT);
        long minor;
        try {
            minor = new BigDecimal(body.path("amount").asText("").strip())
                    .movePointRight(Money.currency(currency).getDefaultFractionDigits()).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw TradeException.invalid("amount",
                    "the amount is a positive number with at most the currency's" + " decimals, e.g. 250.00");
        }
        trade.budgets().put(shop, visitor, new BudgetRequest(null, BudgetPeriod.MONTH, minor, currency, null, null));
    }

    private static String visitor(String visitorId) {
        if (visitorId == null || visitorId.isEmpty() || visitorId.length() > 128
                || !visitorId.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw TradeException.invalid("visitor", "the storefront does not know this visitor: no tracker id cookie '"
                    + VISITOR_COOKIE + "' (accept tracking, or reload the page)");
        }
        return visitorId;
    }
}
