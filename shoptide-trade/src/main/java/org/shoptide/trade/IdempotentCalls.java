package org.shoptide.trade;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.port.IdempotencyStore.Claim;
import org.shoptide.core.shop.ShopId;

/**
 * Runs a mutating call at most once per {@code Idempotency-Key}: the first call's answer (status and body) is stored
 * and replayed to every retry with the same request; the same key with another request is a 409; a retry while the
 * first still runs is a 409 that says so. Answers with a status of 500 or more, and calls that throw, are not stored,
 * so the call can be retried.
 */
public final class IdempotentCalls {
    /** The request header. */
    public static final String HEADER = "Idempotency-Key";
    /** A claim older than this belongs to a crashed call and may be taken over. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private final IdempotencyStore store;
    private final Clock clock;

    public IdempotentCalls(IdempotencyStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** An answer: HTTP status and body text. */
    public record Response(int status, String body) {
    }

    /** A fingerprint of a request: SHA-256 of its method, path and body, hex. */
    public static String fingerprint(String method, String path, byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            d.update(body);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Runs {@code call} once for {@code key}, or replays its stored answer.
     *
     * @throws TradeException
     *             INVALID for a malformed key, CONFLICT for a key reused with another request or still running
     */
    public Response execute(ShopId shop, String key, String fingerprint, Supplier<Response> call) {
        if (key == null || key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw TradeException.invalid(HEADER,
                    HEADER + " header is required on this call: 1 to 255 visible ASCII characters, e.g. a UUID");
        }
        Claim claim = store.claim(shop, key, fingerprint, clock.instant(), STALE_AFTER);
        return switch (claim) {
            case Claim.Replay r -> new Response(r.status(), r.body());
            case Claim.Mismatch m -> throw TradeException.conflict(HEADER + " '" + key
                    + "' was already used for a different request; use a new key for a new request");
            case Claim.InProgress p -> throw TradeException.conflict(
                    "a request with " + HEADER + " '" + key + "' is still being processed; retry it in a moment");
            case Claim.Acquired a -> run(shop, key, call);
        };
    }

    private Response run(ShopId shop, String key, Supplier<Response> call) {
        Response response;
        try {
            response = call.get();
        } catch (RuntimeException | Error e) {
            store.release(shop, key);
            throw e;
        }
        if (response.status() >= 500) {
            store.release(shop, key);
        } else {
            store.complete(shop, key, response.status(), response.body(), clock.instant());
        }
        return response;
    }
}
