package org.shoptide.core.trade;

import java.time.Instant;
import java.util.Objects;

/**
 * A provider notification that was verified and applied; its key ({@code provider}, {@code notificationId}) makes a
 * redelivered notification a no-op.
 *
 * @param paymentId
 *            the payment (or refunded payment) it concerns
 * @param outcome
 *            what applying it did, e.g. {@code paid}, {@code ignored: already paid}, {@code refused: amount 100 != 200}
 */
public record InboxEntry(String provider, String notificationId, String paymentId, Instant receivedAt, String outcome) {
    public InboxEntry {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(notificationId, "notificationId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(outcome, "outcome");
    }
}
