package org.shoptide.wechatpay;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.wechat.pay.java.core.exception.DecryptionException;
import com.wechat.pay.java.core.exception.ValidationException;
import com.wechat.pay.java.core.exception.WechatPayException;
import com.wechat.pay.java.core.notification.NotificationConfig;
import com.wechat.pay.java.core.notification.NotificationParser;
import com.wechat.pay.java.core.notification.RequestParam;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.shoptide.core.port.PaymentProvider.Notification;
import org.shoptide.core.port.PaymentProvider.NotificationRejected;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.PaymentStatus;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.port.PaymentProvider.RefundStatus;

/**
 * Verifies and decodes WeChat Pay API v3 notifications (the callbacks to {@code notify_url}).
 * <p>
 * The SDK's {@link NotificationParser} checks the signature ({@code SHA256withRSA} over
 * {@code timestamp\nnonce\nbody\n} with the WeChat Pay public key named by {@code Wechatpay-Serial}) and decrypts the
 * resource (AEAD_AES_256_GCM under the API v3 key, the resource's associated data authenticated). It does not check
 * what this class checks on top: that the timestamp is fresh (no older than the configured maximum age, no further in
 * the future than the clock skew: a captured notification cannot be replayed later), that the notification is for this
 * merchant ({@code mchid}) and, for payments, this app ({@code appid}), that amounts are non-negative integers of fen
 * and the currency is CNY, and that the event type is one it knows. Everything that fails is a
 * {@link NotificationRejected} whose message says which check failed and never contains key material.
 */
final class WeChatPayNotifications {

    /** Header names, compared case-insensitively (HTTP header names are case-insensitive; proxies change them). */
    static final String TIMESTAMP = "Wechatpay-Timestamp";
    static final String NONCE = "Wechatpay-Nonce";
    static final String SIGNATURE = "Wechatpay-Signature";
    static final String SERIAL = "Wechatpay-Serial";
    static final String SIGNATURE_TYPE = "Wechatpay-Signature-Type";
    private static final String DEFAULT_SIGNATURE_TYPE = "WECHATPAY2-SHA256-RSA2048";

    private final NotificationParser parser;
    private final WeChatPayConfig config;
    private final Clock clock;

    WeChatPayNotifications(NotificationConfig sdkConfig, WeChatPayConfig config, Clock clock) {
        this.parser = new NotificationParser(sdkConfig);
        this.config = config;
        this.clock = clock;
    }

    Notification parse(Map<String, String> headers, byte[] body) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> {
                if (k != null && v != null) {
                    h.put(k, v);
                }
            });
        }
        String timestamp = header(h, TIMESTAMP);
        String nonce = header(h, NONCE);
        String signature = header(h, SIGNATURE);
        String serial = header(h, SERIAL);
        checkFresh(timestamp);
        if (!serial.equals(config.publicKeyId())) {
            throw new NotificationRejected("Wechatpay-Serial " + serial
                    + " is not the configured WeChat Pay public key id " + config.publicKeyId());
        }
        String text = utf8(body);
        JsonObject plain;
        try {
            plain = parser.parse(new RequestParam.Builder().serialNumber(serial).nonce(nonce).signature(signature)
                    .timestamp(timestamp).signType(h.getOrDefault(SIGNATURE_TYPE, DEFAULT_SIGNATURE_TYPE)).body(text)
                    .build(), JsonObject.class);
        } catch (WechatPayException e) {
            throw new NotificationRejected(rejection(e), e);
        } catch (JsonParseException e) {
            throw new NotificationRejected("the notification body or its decrypted resource is not valid JSON", e);
        } catch (RuntimeException e) {
            throw new NotificationRejected(
                    "the notification could not be decrypted or parsed (" + e.getClass().getSimpleName() + ")", e);
        }
        if (plain == null) {
            throw new NotificationRejected("the decrypted resource is empty");
        }
        JsonObject envelope = object(JsonParser.parseString(text), "the notification");
        String id = string(envelope, "id");
        Instant createdAt = time(envelope, "create_time");
        String eventType = string(envelope, "event_type");
        if (!config.merchantId().equals(string(plain, "mchid"))) {
            throw new NotificationRejected("the notification is for merchant " + string(plain, "mchid")
                    + ", not for the configured merchant " + config.merchantId());
        }
        if (eventType.startsWith("TRANSACTION.")) {
            return new Notification(id, createdAt, payment(eventType, plain), null);
        }
        if (eventType.startsWith("REFUND.")) {
            return new Notification(id, createdAt, null, refund(eventType, plain));
        }
        throw new NotificationRejected("unknown event_type " + eventType);
    }

    private PaymentStatus payment(String eventType, JsonObject t) {
        if (!"TRANSACTION.SUCCESS".equals(eventType)) {
            throw new NotificationRejected("unknown payment event_type " + eventType);
        }
        if (!config.appId().equals(string(t, "appid"))) {
            throw new NotificationRejected(
                    "the payment is for app " + string(t, "appid") + ", not for the configured app " + config.appId());
        }
        String state = string(t, "trade_state");
        if (!"SUCCESS".equals(state)) {
            throw new NotificationRejected("a TRANSACTION.SUCCESS notification with trade_state " + state);
        }
        JsonObject amount = object(t.get("amount"), "amount");
        long total = fen(amount, "total");
        String currency = string(amount, "currency");
        if (!"CNY".equals(currency)) {
            throw new NotificationRejected("currency " + currency + " is not CNY");
        }
        return new PaymentStatus(string(t, "out_trade_no"), PaymentState.PAID, string(t, "transaction_id"), total,
                currency, time(t, "success_time"));
    }

    private static RefundStatus refund(String eventType, JsonObject r) {
        RefundState state = switch (eventType) {
            case "REFUND.SUCCESS" -> RefundState.SUCCEEDED;
            case "REFUND.ABNORMAL", "REFUND.CLOSED" -> RefundState.FAILED;
            default -> throw new NotificationRejected("unknown refund event_type " + eventType);
        };
        JsonObject amount = object(r.get("amount"), "amount");
        long refunded = fen(amount, "refund");
        long total = fen(amount, "total");
        if (refunded > total) {
            throw new NotificationRejected("refund amount " + refunded + " exceeds the payment total " + total);
        }
        return new RefundStatus(string(r, "out_refund_no"), string(r, "out_trade_no"), state, refunded,
                state == RefundState.SUCCEEDED ? time(r, "success_time") : null);
    }

    private void checkFresh(String timestamp) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw new NotificationRejected("Wechatpay-Timestamp is not a number of seconds", e);
        }
        Instant now = clock.instant();
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), now);
        if (age.compareTo(config.notificationMaxAge()) > 0) {
            throw new NotificationRejected("stale notification: Wechatpay-Timestamp is " + age.toSeconds()
                    + " s old, more than the allowed " + config.notificationMaxAge().toSeconds() + " s");
        }
        if (age.negated().compareTo(config.clockSkew()) > 0) {
            throw new NotificationRejected("Wechatpay-Timestamp is " + age.negated().toSeconds()
                    + " s in the future, more than the allowed clock skew of " + config.clockSkew().toSeconds() + " s");
        }
    }

    private static String rejection(WechatPayException e) {
        if (e instanceof ValidationException) {
            return "the signature does not verify with the WeChat Pay public key";
        }
        if (e instanceof DecryptionException) {
            return "the resource does not decrypt with the API v3 key (tampered or encrypted under another key)";
        }
        return "malformed notification (" + e.getClass().getSimpleName() + ")";
    }

    private static String header(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isBlank()) {
            throw new NotificationRejected("missing header " + name);
        }
        return value.strip();
    }

    private static String utf8(byte[] body) {
        if (body == null || body.length == 0) {
            throw new NotificationRejected("empty notification body");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new NotificationRejected("the notification body is not UTF-8", e);
        }
    }

    private static JsonObject object(JsonElement e, String what) {
        if (e == null || !e.isJsonObject()) {
            throw new NotificationRejected(what + " is not a JSON object");
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString() || e.getAsString().isBlank()) {
            throw new NotificationRejected("missing or non-string field " + field);
        }
        return e.getAsString();
    }

    /** An amount in fen: a JSON integer, non-negative, within a long; never read through floating point. */
    private static long fen(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new NotificationRejected("amount." + field + " is missing or not a number");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(e.getAsJsonPrimitive().getAsString());
        } catch (NumberFormatException ex) {
            throw new NotificationRejected("amount." + field + " is not a number", ex);
        }
        if (value.signum() < 0 || value.stripTrailingZeros().scale() > 0
                || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new NotificationRejected("amount." + field + " must be a non-negative integer of fen, was " + value);
        }
        return value.longValueExact();
    }

    private static Instant time(JsonObject o, String field) {
        String text = string(o, field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new NotificationRejected(field + " is not an RFC 3339 time: " + text, e);
        }
    }
}
