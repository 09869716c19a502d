package org.shoptide.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * Remembers the answer to each mutating call by its {@code Idempotency-Key}, per shop, so a retried call gets the first
 * answer instead of running twice. Contract: {@code IdempotencyStoreContract} in shoptide-testing.
 * <ul>
 * <li>{@link #claim} is atomic: of concurrent claims of one fresh key exactly one gets {@link Claim.Acquired}; the
 * others see {@link Claim.InProgress} until it completes, then {@link Claim.Replay}.
 * <li>A claim with another fingerprint than the stored one is a {@link Claim.Mismatch}, whatever the state.
 * <li>A claim left in progress longer than {@code staleAfter} (its caller crashed) may be acquired again.
 * </ul>
 */
public interface IdempotencyStore {

    /** Claims {@code key} for a call whose request has {@code fingerprint} (e.g. a hash of method, path and body). */
    Claim claim(ShopId shop, String key, String fingerprint, Instant now, Duration staleAfter);

    /** Stores the answer of an acquired claim. */
    void complete(ShopId shop, String key, int status, String body, Instant now);

    /** Forgets an acquired claim whose call did not happen (so it may be tried again). */
    void release(ShopId shop, String key);

    /**
     * Forgets every claim still in progress that was made before {@code before}, in every shop, and returns how many. A
     * single server calls it at start with its start time: claims of the process that died cannot be running, and their
     * keys should not wait {@code staleAfter} to be retried. Servers sharing one store must not call it.
     */
    int releaseAbandoned(Instant before);

    /** What a claim found. */
    sealed interface Claim {
        /** The key was free (or stale): the caller runs the call and then completes or releases it. */
        record Acquired() implements Claim {
        }

        /** Another call with this key is running. */
        record InProgress() implements Claim {
        }

        /** The call ran before: answer with its stored status and body. */
        record Replay(int status, String body) implements Claim {
            public Replay {
                Objects.requireNonNull(body, "body");
            }
        }

        /** The key was used for a different request. */
        record Mismatch() implements Claim {
        }
    }
}
