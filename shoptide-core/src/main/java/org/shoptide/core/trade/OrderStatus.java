package org.shoptide.core.trade;

import java.util.Locale;

/** Where an order is in its life; see {@code docs/TRADE.md} for the state machine. */
public enum OrderStatus {
    CREATED, AWAITING_PAYMENT, PAID, FULFILLED, CANCELLED, EXPIRED, REFUNDED;

    /** The lower-case wire name, e.g. {@code awaiting_payment}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
