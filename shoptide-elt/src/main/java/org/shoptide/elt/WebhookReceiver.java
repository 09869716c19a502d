package org.shoptide.elt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Receives signed webhook deliveries of one source and buffers their records durably until a load lands them
 * ({@link WebhookConnector}).
 * <p>
 * Signature: the sender puts the Unix time in seconds in {@code X-Shoptide-Timestamp} and {@code sha256=HEX} in
 * {@code X-Shoptide-Signature}, where HEX is HMAC-SHA256(secret, timestamp + "." + body), the scheme of Stripe's and
 * Slack's webhooks. A delivery is refused when the signature does not match (compared in constant time), when the
 * timestamp is more than the replay window away from now, or when the same signature was already accepted within the
 * window (a replay). The body is one JSON object or an array of objects.
 * <p>
 * Buffer: each record is appended as one line {@code TIMESTAMP<TAB>SIGNATURE<TAB>JSON} and the file is forced to disk
 * before the delivery is acknowledged, so an acknowledged record is never lost. At start the signatures of the lines
 * still inside the window are read back, so a replay is refused across restarts too.
 */
public final class WebhookReceiver {
    /** The outcome of one delivery: HTTP status and a message for the sender. */
    public record Result(int status, String message, int records) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;
    private final Path buffer;
    private final Clock clock;
    private final Duration window;
    private final Map<String, Long> seen = new HashMap<>();

    public WebhookReceiver(String secret, Path buffer, Clock clock, Duration window) throws IOException {
        this.secret = Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8);
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        Files.createDirectories(buffer.getParent());
        if (Files.exists(buffer)) {
            long now = clock.instant().getEpochSecond();
            try (BufferedReader r = Files.newBufferedReader(buffer, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.split("\t", 3);
                    if (f.length == 3) {
                        long ts = parseLong(f[0]);
                        if (Math.abs(now - ts) <= window.toSeconds()) {
                            seen.put(f[1], ts);
                        }
                    }
                }
            }
        }
    }

    /** The signature header value of {@code body} sent at {@code timestamp} (for senders and tests). */
    public static String sign(String secret, long timestamp, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), timestamp, body));
    }

    /** Verifies and buffers one delivery; 202 when its records are durably buffered. */
    public synchronized Result receive(String timestampHeader, String signatureHeader, byte[] body) throws IOException {
        if (timestampHeader == null || signatureHeader == null) {
            return new Result(401, "X-Shoptide-Timestamp and X-Shoptide-Signature are required", 0);
        }
        long ts = parseLong(timestampHeader.trim());
        if (ts == Long.MIN_VALUE) {
            return new Result(401, "X-Shoptide-Timestamp must be Unix seconds", 0);
        }
        String sig = signatureHeader.trim();
        byte[] expected = ("sha256=" + HexFormat.of().formatHex(hmac(secret, ts, body)))
                .getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.UTF_8))) {
            return new Result(401, "signature does not match", 0);
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - ts) > window.toSeconds()) {
            return new Result(401, "timestamp is outside the replay window of " + window.toSeconds() + " s", 0);
        }
        seen.values().removeIf(t -> Math.abs(now - t) > window.toSeconds());
        if (seen.containsKey(sig)) {
            return new Result(409, "this delivery was already received (replay)", 0);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new Result(400, "body must be JSON", 0);
        }
        List<JsonNode> records = new ArrayList<>();
        if (root != null && root.isObject()) {
            records.add(root);
        } else if (root != null && root.isArray()) {
            for (JsonNode n : root) {
                if (!n.isObject()) {
                    return new Result(400, "body must be a JSON object or an array of objects", 0);
                }
                records.add(n);
            }
        } else {
            return new Result(400, "body must be a JSON object or an array of objects", 0);
        }
        StringBuilder lines = new StringBuilder();
        for (JsonNode n : records) {
            lines.append(ts).append('\t').append(sig).append('\t').append(JSON.writeValueAsString(n)).append('\n');
        }
        try (FileChannel ch = FileChannel.open(buffer, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        seen.put(sig, ts);
        return new Result(202, "buffered", records.size());
    }

    private static byte[] hmac(byte[] key, long ts, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
