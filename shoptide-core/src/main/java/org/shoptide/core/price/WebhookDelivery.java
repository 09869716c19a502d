package org.shoptide.core.price;

import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * A pending webhook delivery of one drop (the outbox row): tried {@code attempts} times so far, due at
 * {@code nextAttemptAt}; {@code deliveredAt} is set once a 2xx acknowledged it.
 */
public record WebhookDelivery(ShopId shop, String dropId, int attempts, Instant nextAttemptAt, String lastError,
        Instant deliveredAt) {
    public WebhookDelivery {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(dropId, "dropId");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    }
}
