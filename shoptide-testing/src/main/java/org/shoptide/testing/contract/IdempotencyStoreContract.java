package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.port.IdempotencyStore.Claim;
import org.shoptide.core.shop.ShopId;

/** Contract of {@link IdempotencyStore}. Implement {@link #idempotencyStore()} to return an empty store per test. */
public interface IdempotencyStoreContract {

    IdempotencyStore idempotencyStore();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:15:30Z");
    Duration STALE = Duration.ofMinutes(5);

    @Test
    default void aCompletedKeyReplaysItsAnswer() {
        IdempotencyStore store = idempotencyStore();
        assertThat(store.claim(A, "k1", "f1", T, STALE)).isEqualTo(new Claim.Acquired());
        assertThat(store.claim(A, "k1", "f1", T, STALE)).isEqualTo(new Claim.InProgress());
        store.complete(A, "k1", 201, "{\"orderId\":\"o1\",\"title\":\"雨伞\"}", T);
        assertThat(store.claim(A, "k1", "f1", T.plusSeconds(3600), STALE))
                .isEqualTo(new Claim.Replay(201, "{\"orderId\":\"o1\",\"title\":\"雨伞\"}"));
        assertThat(store.claim(A, "k1", "f2", T, STALE)).isEqualTo(new Claim.Mismatch());
        assertThat(store.claim(B, "k1", "f2", T, STALE)).isEqualTo(new Claim.Acquired());
    }

    @Test
    default void claimsAbandonedByAProcessThatDiedAreReleasedAtStartAndAnswersKept() {
        IdempotencyStore store = idempotencyStore();
        assertThat(store.claim(A, "old", "f1", T, STALE)).isEqualTo(new Claim.Acquired());
        assertThat(store.claim(B, "old", "f1", T, STALE)).isEqualTo(new Claim.Acquired());
        assertThat(store.claim(A, "done", "f1", T, STALE)).isEqualTo(new Claim.Acquired());
        store.complete(A, "done", 200, "{}", T);
        assertThat(store.claim(A, "new", "f1", T.plusSeconds(10), STALE)).isEqualTo(new Claim.Acquired());
        assertThat(store.releaseAbandoned(T.plusSeconds(5))).isEqualTo(2);
        assertThat(store.claim(A, "old", "f2", T.plusSeconds(11), STALE)).isEqualTo(new Claim.Acquired());
        assertThat(store.claim(A, "done", "f1", T.plusSeconds(11), STALE)).isEqualTo(new Claim.Replay(200, "{}"));
        assertThat(store.claim(A, "new", "f1", T.plusSeconds(11), STALE)).isEqualTo(new Claim.InProgress());
    }

    @Test
    default void aReleasedOrStaleClaimCanBeAcquiredAgain() {
        IdempotencyStore store = idempotencyStore();
        assertThat(store.claim(A, "k1", "f1", T, STALE)).isEqualTo(new Claim.Acquired());
        assertThat(store.claim(A, "k1", "f2", T, STALE)).isEqualTo(new Claim.Mismatch());
        store.release(A, "k1");
        assertThat(store.claim(A, "k1", "f2", T, STALE)).isEqualTo(new Claim.Acquired());
        assertThat(store.claim(A, "k1", "f2", T.plus(STALE).minusSeconds(1), STALE)).isEqualTo(new Claim.InProgress());
        assertThat(store.claim(A, "k1", "f2", T.plus(STALE).plusSeconds(1), STALE)).isEqualTo(new Claim.Acquired());
    }

    @Test
    default void ofConcurrentClaimsExactlyOneIsAcquired() throws InterruptedException {
        IdempotencyStore store = idempotencyStore();
        for (int round = 0; round < 20; round++) {
            String key = "k" + round;
            ConcurrentLinkedQueue<Claim> claims = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> claims.add(store.claim(A, key, "f", T, STALE))));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(claims).filteredOn(c -> c instanceof Claim.Acquired).hasSize(1);
            assertThat(claims).filteredOn(c -> c instanceof Claim.InProgress).hasSize(3);
        }
    }
}
