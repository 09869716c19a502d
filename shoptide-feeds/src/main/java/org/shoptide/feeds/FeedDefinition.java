package org.shoptide.feeds;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/** A feed as the connectors see it: the stored {@code FeedRecord} with its options parsed. */
public record FeedDefinition(ShopId shop, String id, FeedKind kind, String url, Duration interval, boolean enabled,
        FeedOptions options, Instant createdAt, Instant updatedAt) {
    public FeedDefinition {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(options, "options");
    }
}
