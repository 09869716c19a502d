package org.shoptide.core.trade;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded change of an order's status (or, with {@code from == to}, a recorded event that left it unchanged, such
 * as money refunded for a cancelled order).
 *
 * @param from
 *            the status before, null for the creation
 * @param cause
 *            why, in words a support person understands (e.g. {@code payment p123 paid (notification n9)})
 */
public record OrderTransition(OrderStatus from, OrderStatus to, String cause, Instant at) {
    public OrderTransition {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(at, "at");
    }
}
