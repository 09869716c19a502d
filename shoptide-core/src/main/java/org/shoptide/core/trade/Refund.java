package org.shoptide.core.trade;

import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.shop.ShopId;

/**
 * A refund of (part of) a paid payment. {@code refundId} is unique over all shops (the provider's merchant refund
 * number). {@code automatic} refunds return money received for an order that was no longer payable.
 */
public record Refund(ShopId shop, String refundId, String orderId, String paymentId, long amountMinor, String currency,
        RefundState state, boolean automatic, String reason, Instant createdAt, Instant updatedAt) {
    public Refund {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(refundId, "refundId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("refund amount must be positive, got " + amountMinor);
        }
    }

    public Refund with(RefundState newState, Instant at) {
        return new Refund(shop, refundId, orderId, paymentId, amountMinor, currency, newState, automatic, reason,
                createdAt, at);
    }
}
