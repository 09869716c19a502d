package org.shoptide.trade.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.shoptide.core.port.PaymentProvider.NotificationRejected;

/**
 * The sandbox's notification signature: header {@value #HEADER} = {@code t=<unix seconds>,v1=<hex HMAC-SHA256>} over
 * {@code <t>.<body bytes>} with the shared secret. Verification compares in constant time and refuses timestamps more
 * than the tolerance away from the verifier's clock, so a captured notification cannot be replayed later.
 */
public final class SandboxSignature {
    /** The signature header. */
    public static final String HEADER = "X-Sandbox-Signature";

    private final byte[] secret;

    public SandboxSignature(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the sandbox signing secret must have at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** The header value for {@code body} signed at {@code at}. */
    public String sign(byte[] body, Instant at) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(mac(t, body));
    }

    private byte[] mac(long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.US_ASCII));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /**
     * Checks the signature header of a delivered notification.
     *
     * @throws NotificationRejected
     *             when the header is missing or malformed, the signature does not match, or the timestamp is more than
     *             {@code tolerance} away from {@code now}
     */
    public void verify(Map<String, String> headers, byte[] body, Instant now, Duration tolerance) {
        String value = null;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (HEADER.equalsIgnoreCase(h.getKey())) {
                value = h.getValue();
            }
        }
        if (value == null) {
            throw new NotificationRejected("no " + HEADER + " header");
        }
        long t;
        byte[] given;
        try {
            String[] parts = value.split(",", -1);
            if (parts.length != 2 || !parts[0].startsWith("t=") || !parts[1].startsWith("v1=")) {
                throw new NotificationRejected(HEADER + " must be t=<seconds>,v1=<hex>");
            }
            t = Long.parseLong(parts[0].substring(2));
            given = HexFormat.of().parseHex(parts[1].substring(3));
        } catch (IllegalArgumentException e) {
            throw new NotificationRejected(HEADER + " is malformed", e);
        }
        if (!MessageDigest.isEqual(given, mac(t, body))) {
            throw new NotificationRejected("the signature does not match the body");
        }
        if (Math.abs(now.getEpochSecond() - t) > tolerance.toSeconds()) {
            throw new NotificationRejected("the notification was signed at " + Instant.ofEpochSecond(t) + ", more than "
                    + tolerance + " from now");
        }
    }
}
