package org.shoptide.trade;

import static org.shoptide.core.trade.OrderStatus.AWAITING_PAYMENT;
import static org.shoptide.core.trade.OrderStatus.CANCELLED;
import static org.shoptide.core.trade.OrderStatus.CREATED;
import static org.shoptide.core.trade.OrderStatus.EXPIRED;
import static org.shoptide.core.trade.OrderStatus.FULFILLED;
import static org.shoptide.core.trade.OrderStatus.PAID;
import static org.shoptide.core.trade.OrderStatus.REFUNDED;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderStatus;
import org.shoptide.core.trade.OrderTransition;

/**
 * The order state machine:
 *
 * <pre>
 * CREATED ──pay──> AWAITING_PAYMENT ──paid──> PAID ──fulfil──> FULFILLED
 *    │  └───────paid (provider was faster)───────┘ │                 │
 *    │                    │                        └──full refund──> REFUNDED <──full refund──┘
 *    └─cancel/expire─> CANCELLED / EXPIRED <─cancel/expire─┘
 * </pre>
 *
 * Partial refunds keep PAID or FULFILLED and raise {@code refundedMinor}. Every change is a recorded
 * {@link OrderTransition}; anything else is refused with a {@link TradeException.Kind#CONFLICT}.
 */
public final class OrderStateMachine {
    private static final Map<OrderStatus, Set<OrderStatus>> ALLOWED = Map.of(CREATED,
            EnumSet.of(AWAITING_PAYMENT, PAID, CANCELLED, EXPIRED), AWAITING_PAYMENT,
            EnumSet.of(PAID, CANCELLED, EXPIRED), PAID, EnumSet.of(FULFILLED, REFUNDED), FULFILLED,
            EnumSet.of(REFUNDED), CANCELLED, EnumSet.noneOf(OrderStatus.class), EXPIRED,
            EnumSet.noneOf(OrderStatus.class), REFUNDED, EnumSet.noneOf(OrderStatus.class));

    private OrderStateMachine() {
    }

    /** Whether {@code from -> to} is a legal change. */
    public static boolean allowed(OrderStatus from, OrderStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** The order after moving to {@code to}; refused with 409 when the change is illegal. */
    public static Order move(Order order, OrderStatus to, String cause, Instant at) {
        if (!allowed(order.status(), to)) {
            throw TradeException.conflict("order " + order.orderId() + " is " + order.status().wireName()
                    + " and cannot become " + to.wireName());
        }
        return order.with(new OrderTransition(order.status(), to, cause, at), to == PAID ? at : order.paidAt(),
                order.refundedMinor());
    }

    /** The order with a note in its history and no status change (e.g. money returned for a cancelled order). */
    public static Order note(Order order, String cause, Instant at) {
        return order.with(new OrderTransition(order.status(), order.status(), cause, at), order.paidAt(),
                order.refundedMinor());
    }

    /** True once the order can no longer be paid. */
    public static boolean closed(OrderStatus s) {
        return s == CANCELLED || s == EXPIRED;
    }
}
