package org.shoptide.server.http.json;

import java.util.List;

/** Bodies of the trade routes (orders, payments, refunds, budgets); see {@code docs/TRADE.md}. */
public final class TradeRequests {
    private TradeRequests() {
    }

    /** One cart line of {@code POST /v1/orders}. */
    public record Line(String itemId, Integer quantity) {
    }

    /** Body of {@code POST /v1/orders}. */
    public record CreateOrder(String userId, List<Line> lines, String recommendationId, String returnUrl) {
    }

    /** Body of {@code POST /v1/orders/{id}/payments}: {@code page}, {@code native} or {@code jsapi}. */
    public record StartPayment(String channel, String payerId) {
    }

    /** Body of {@code POST /v1/orders/{id}/cancel}. */
    public record Cancel(String reason) {
    }

    /** Body of {@code POST /v1/orders/{id}/refunds}. */
    public record Refund(Long amountMinor, String reason) {
    }

    /** Body of {@code PUT /v1/users/{id}/budgets}: period {@code month} (default), {@code week} or {@code range}. */
    public record Budget(String category, String period, Long amountMinor, String currency, String from, String to) {
    }
}
