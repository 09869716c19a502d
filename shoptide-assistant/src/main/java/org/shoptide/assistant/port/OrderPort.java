package org.shoptide.assistant.port;

import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * Places an order for the item a customer decided to buy in the conversation. The lead implements it over the trade
 * module's order flow; without one, the assistant records an add-to-cart event instead.
 */
public interface OrderPort {

    /**
     * Places (or, for a repeated {@code idempotencyKey}, returns the already placed) order of one unit of an item.
     *
     * @param recommendationId
     *            the answer the item was shown in, for attribution
     */
    PlacedOrder place(ShopId shop, Customer customer, String itemId, String recommendationId, String idempotencyKey);

    /** An order waiting for payment at {@code payUrl}. */
    record PlacedOrder(String orderId, String payUrl) {
        public PlacedOrder {
            Objects.requireNonNull(orderId, "orderId");
        }
    }
}
