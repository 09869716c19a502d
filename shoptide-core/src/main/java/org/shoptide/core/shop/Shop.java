package org.shoptide.core.shop;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A shop hosted by this server. Keys are never stored in plaintext: only their SHA-256 hashes (keys are 256-bit random
 * strings, so a slow password hash adds nothing).
 *
 * @param customEventWeights
 *            weight of each custom event type name used by training and realtime updates (built-in types have fixed
 *            defaults in the engine)
 * @param trainingTime
 *            local time of day "HH:mm" of the daily training, or null to use the server default
 */
public record Shop(ShopId id, String name, Instant createdAt, String publishableKeyHash, String secretKeyHash,
        Map<String, Double> customEventWeights, String trainingTime) {
    public Shop {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(publishableKeyHash, "publishableKeyHash");
        Objects.requireNonNull(secretKeyHash, "secretKeyHash");
        customEventWeights = customEventWeights == null ? Map.of() : Map.copyOf(customEventWeights);
    }

    public String keyHash(ApiKeyKind kind) {
        return kind == ApiKeyKind.PUBLISHABLE ? publishableKeyHash : secretKeyHash;
    }
}
