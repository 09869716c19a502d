package org.shoptide.core.port;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A payment service provider (the built-in sandbox, WeChat Pay API v3, ...). Every contract test in
 * {@code PaymentProviderContract} holds for every adapter.
 * <p>
 * Money is always an integer amount of the currency's minor unit (fen, kopeck, cent); no adapter ever converts it to
 * floating point. Every mutating call is idempotent on the merchant's id: {@link #prepay} on {@code paymentId} (WeChat
 * Pay's {@code out_trade_no}), {@link #refund} on {@code refundId} ({@code out_refund_no}); a retry with the same id
 * and the same amount returns the first call's result and never charges or refunds twice. A call that may or may not
 * have reached the provider (time-out, connection reset) throws {@link PaymentException} with {@code retryable = true};
 * the caller retries with the same id.
 */
public interface PaymentProvider {

    /** The provider's name as configured and stored on payments ({@code sandbox}, {@code wechatpay}). */
    String name();

    /** Creates (or, for a known {@code paymentId}, returns again) the provider-side payment for an order. */
    Prepay prepay(PrepayRequest request);

    /** The provider's current view of a payment; {@link PaymentState#NOT_FOUND} when it never reached the provider. */
    PaymentStatus query(String paymentId);

    /** Closes an unpaid payment so it can no longer be paid. Idempotent; closing a paid payment throws. */
    void close(String paymentId);

    /** Refunds part or all of a paid payment; idempotent on {@code refundId}. */
    RefundStatus refund(RefundRequest request);

    /** The provider's current view of a refund. */
    RefundStatus queryRefund(String refundId);

    /**
     * Verifies (signature, freshness of its timestamp, decryption) and decodes an asynchronous notification as the
     * provider's HTTP callback delivered it. Header names are matched case-insensitively.
     *
     * @throws NotificationRejected
     *             forged, stale, malformed or undecryptable; nothing may be trusted from such a notification
     */
    Notification parseNotification(Map<String, String> headers, byte[] body);

    /** How the customer pays. */
    enum Channel {
        /** A QR code the customer scans (WeChat Pay Native). */
        NATIVE,
        /** Inside the provider's app or a mini program, for a known payer (WeChat Pay JSAPI; needs {@code payerId}). */
        JSAPI,
        /** A hosted payment page the customer is sent to (the sandbox). */
        PAGE
    }

    enum PaymentState {
        /** Created at the provider, not paid yet. */
        PENDING, PAID,
        /** Closed or expired unpaid. */
        CLOSED,
        /** The payer's attempt failed; the payment cannot succeed any more. */
        FAILED,
        /** Paid, then refunded in part or in full (see the refund notifications for amounts). */
        REFUNDED, NOT_FOUND
    }

    enum RefundState {
        PROCESSING, SUCCEEDED, FAILED, NOT_FOUND
    }

    /**
     * A request to create the provider-side payment of an order.
     *
     * @param paymentId
     *            the merchant's id of this payment attempt, unique per provider account (6 to 32 characters of
     *            {@code [A-Za-z0-9_-]}); the idempotency key
     * @param payerId
     *            the payer's id at the provider (WeChat {@code openid}); required for {@link Channel#JSAPI}
     * @param notifyUrl
     *            where the provider sends its notifications
     */
    record PrepayRequest(String paymentId, String description, long amountMinor, String currency, Channel channel,
            String payerId, Instant expiresAt, String notifyUrl) {
        public PrepayRequest {
            Objects.requireNonNull(paymentId, "paymentId");
            Objects.requireNonNull(currency, "currency");
            Objects.requireNonNull(channel, "channel");
            if (amountMinor <= 0) {
                throw new IllegalArgumentException("amountMinor must be positive");
            }
        }
    }

    /**
     * What the customer needs to pay: exactly one of the fields is set, by channel.
     *
     * @param codeUrl
     *            {@link Channel#NATIVE}: the URL to show as a QR code
     * @param clientParams
     *            {@link Channel#JSAPI}: the signed parameters the client passes to the provider's pay call
     * @param redirectUrl
     *            {@link Channel#PAGE}: the hosted payment page
     */
    record Prepay(String paymentId, String codeUrl, Map<String, String> clientParams, String redirectUrl) {
        public Prepay {
            clientParams = clientParams == null ? Map.of() : Map.copyOf(clientParams);
        }
    }

    /**
     * The provider's view of one payment.
     *
     * @param transactionId
     *            the provider's id of the payment once paid, else null
     * @param amountMinor
     *            the amount the provider holds for this payment (paid amount once paid)
     */
    record PaymentStatus(String paymentId, PaymentState state, String transactionId, long amountMinor, String currency,
            Instant paidAt) {
    }

    record RefundRequest(String paymentId, String refundId, long refundMinor, long totalMinor, String currency,
            String reason) {
        public RefundRequest {
            if (refundMinor <= 0 || refundMinor > totalMinor) {
                throw new IllegalArgumentException("refundMinor must be in 1..totalMinor");
            }
        }
    }

    record RefundStatus(String refundId, String paymentId, RefundState state, long amountMinor, Instant succeededAt) {
    }

    /**
     * A verified notification.
     *
     * @param notificationId
     *            the provider's id of this notification, the key of the inbox that drops duplicates
     * @param payment
     *            set for payment notifications
     * @param refund
     *            set for refund notifications
     */
    record Notification(String notificationId, Instant createdAt, PaymentStatus payment, RefundStatus refund) {
        public Notification {
            Objects.requireNonNull(notificationId, "notificationId");
            if ((payment == null) == (refund == null)) {
                throw new IllegalArgumentException("exactly one of payment and refund");
            }
        }
    }

    /** A provider call failed. When {@code retryable}, its outcome is unknown and the same call may be repeated. */
    class PaymentException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        public PaymentException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    /** A notification that failed verification; the message says why (never echoes secrets). */
    class NotificationRejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public NotificationRejected(String message) {
            super(message);
        }

        public NotificationRejected(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
