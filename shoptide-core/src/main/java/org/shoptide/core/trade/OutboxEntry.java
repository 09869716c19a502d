package org.shoptide.core.trade;

import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * An event still to append to the shop's log, written in the same transaction as the order change it reports. The
 * dispatcher builds the event from the order (and refund) when it sends it, under the deterministic
 * {@code clientEventId}, so a redelivery after a crash is skipped by the log as a retry.
 *
 * @param clientEventId
 *            {@code order:<orderId>:purchase} or {@code refund:<refundId>}
 * @param refundId
 *            the refund a refund event reports, null for a purchase
 */
public record OutboxEntry(ShopId shop, String clientEventId, String orderId, String refundId, Instant createdAt) {
    public OutboxEntry {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(clientEventId, "clientEventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
