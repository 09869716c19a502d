package org.shoptide.core.alert;

import java.time.Instant;
import java.util.Objects;

/**
 * One message of the built-in notifier's delivery outbox: queued in the same transaction as the alert state change that
 * caused it, deleted once its channel accepted it, so a restart neither loses nor repeats a message (a crash between a
 * channel's acceptance and the delete repeats that one message: delivery is at least once).
 *
 * @param channel
 *            the channel's name ({@code dingtalk}, {@code wecom}, {@code slack}, {@code email})
 * @param payload
 *            the message, opaque to the store (the notifier's JSON)
 * @param nextAttemptAt
 *            when to try next; null when the notifier gave up after its last attempt (kept for inspection)
 */
public record AlertDelivery(String id, String channel, String alertKey, String payload, Instant createdAt, int attempts,
        Instant nextAttemptAt, String lastError) {

    public AlertDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(alertKey, "alertKey");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, got " + attempts);
        }
    }
}
