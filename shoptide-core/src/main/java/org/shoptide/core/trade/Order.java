package org.shoptide.core.trade;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * An order of one customer of one shop. Immutable; a change is a copy with one more {@link OrderTransition} in
 * {@code history}, written back through the trade store.
 *
 * @param totalMinor
 *            sum of the lines in minor units of {@code currency} (one currency per order)
 * @param refundedMinor
 *            sum of succeeded refunds
 * @param recommendationId
 *            the recommendation or assistant answer the order came from, for attribution; may be null
 * @param returnUrl
 *            where a hosted payment page sends the customer back; may be null
 * @param paymentDeadline
 *            after it an unpaid order expires
 * @param paidAt
 *            when it was paid, else null
 * @param history
 *            every status change, oldest first; never empty
 */
public record Order(ShopId shop, String orderId, String userId, List<OrderLine> lines, String currency, long totalMinor,
        long refundedMinor, OrderStatus status, String recommendationId, String returnUrl, Instant createdAt,
        Instant paymentDeadline, Instant paidAt, List<OrderTransition> history) {
    public Order {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(paymentDeadline, "paymentDeadline");
        lines = List.copyOf(lines);
        history = List.copyOf(history);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an order needs at least one line");
        }
        if (history.isEmpty()) {
            throw new IllegalArgumentException("an order's history starts with its creation");
        }
    }

    /** The copy after {@code t}, with {@code paidAt} and {@code refundedMinor} as given. */
    public Order with(OrderTransition t, Instant newPaidAt, long newRefundedMinor) {
        List<OrderTransition> h = new ArrayList<>(history);
        h.add(t);
        return new Order(shop, orderId, userId, lines, currency, totalMinor, newRefundedMinor, t.to(), recommendationId,
                returnUrl, createdAt, paymentDeadline, newPaidAt, h);
    }
}
