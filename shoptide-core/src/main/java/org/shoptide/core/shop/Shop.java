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
 * @param attributionWindowMinutes
 *            when &gt; 0, a click, add-to-cart or purchase of an item within this many minutes after the item was shown
 *            to the same user or visitor is attributed to that recommendation even without a recommendationId; 0
 *            attributes only events carrying the id
 * @param explorationRate
 *            probability (0 to 0.5) that a recommendation response is drawn at random from the top of the ranked list
 *            instead of served in rank order, so that logged propensities allow off-policy estimates; 0 turns
 *            exploration off
 * @param trackingConsentRequired
 *            whether the shop's pages must ask visitors for consent before the browser tracker stores an id or sends an
 *            event ({@code tracker.js} consent mode)
 */
public record Shop(ShopId id, String name, Instant createdAt, String publishableKeyHash, String secretKeyHash,
        Map<String, Double> customEventWeights, String trainingTime, int attributionWindowMinutes,
        double explorationRate, boolean trackingConsentRequired) {
    public Shop {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(publishableKeyHash, "publishableKeyHash");
        Objects.requireNonNull(secretKeyHash, "secretKeyHash");
        customEventWeights = customEventWeights == null ? Map.of() : Map.copyOf(customEventWeights);
        if (attributionWindowMinutes < 0) {
            throw new IllegalArgumentException(
                    "attributionWindowMinutes must be >= 0, got " + attributionWindowMinutes);
        }
        if (!(explorationRate >= 0 && explorationRate <= 1)) {
            throw new IllegalArgumentException("explorationRate must be within [0, 1], got " + explorationRate);
        }
    }

    /** A shop without tracking consent mode. */
    public Shop(ShopId id, String name, Instant createdAt, String publishableKeyHash, String secretKeyHash,
            Map<String, Double> customEventWeights, String trainingTime, int attributionWindowMinutes,
            double explorationRate) {
        this(id, name, createdAt, publishableKeyHash, secretKeyHash, customEventWeights, trainingTime,
                attributionWindowMinutes, explorationRate, false);
    }

    /** A shop without attribution window, exploration and consent mode. */
    public Shop(ShopId id, String name, Instant createdAt, String publishableKeyHash, String secretKeyHash,
            Map<String, Double> customEventWeights, String trainingTime) {
        this(id, name, createdAt, publishableKeyHash, secretKeyHash, customEventWeights, trainingTime, 0, 0.0, false);
    }

    public String keyHash(ApiKeyKind kind) {
        return kind == ApiKeyKind.PUBLISHABLE ? publishableKeyHash : secretKeyHash;
    }

    /** A copy with other key hashes (settings unchanged). */
    public Shop withKeyHashes(String publishable, String secret) {
        return new Shop(id, name, createdAt, publishable, secret, customEventWeights, trainingTime,
                attributionWindowMinutes, explorationRate, trackingConsentRequired);
    }
}
