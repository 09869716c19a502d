package org.shoptide.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RealtimeState.Applied;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;

/**
 * Redis goes away and comes back empty: calls fail fast meanwhile, the connection recovers by itself, the state reports
 * offset 0, answers GAP to a later offset, and replaying the log rebuilds the same state.
 */
class RedisRestartIT {
    private static final ShopId SHOP = ShopId.of("restart");

    @Test
    void aLostStateFailsFastRecoversAndIsRebuiltFromTheLog() throws Exception {
        List<RealtimeEvents.Change> events = RealtimeEvents.generate(7, 300);
        long end = RealtimeEvents.T0 + 300L * 3_600_000L / 10;
        try (ThrowawayRedis server = new ThrowawayRedis()) {
            server.start();
            try (RedisRealtimeStates states = RedisRealtimeStates.open(server.uri("t:"))) {
                RealtimeState state = states.open(SHOP, RealtimeEvents.LIMITS, RealtimeEvents.CATEGORIES);
                applyAll(state, events);
                Map<String, UserSnapshot> before = snapshots(state);
                long versionBefore = state.itemVersion();
                assertThat(state.appliedOffset()).isEqualTo(events.size());

                server.kill();
                long t = System.nanoTime();
                assertThatThrownBy(() -> state.user("u1")).isInstanceOf(StoreException.class)
                        .hasMessageContaining("Redis at 127.0.0.1");
                assertThatThrownBy(() -> state.applyOnce(events.size(), () -> {
                })).isInstanceOf(StoreException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(5));

                server.start();
                long offset = awaitReconnect(state);
                assertThat(offset).as("the restarted Redis lost the state").isZero();
                assertThat(state.user("u1")).isEmpty();
                assertThat(state.applyOnce(5, () -> RealtimeEvents.generate(1, 1).get(0).applyTo(state)))
                        .isEqualTo(Applied.GAP);
                assertThat(state.subjects()).isZero();

                applyAll(state, events);
                assertThat(snapshots(state)).usingRecursiveComparison().isEqualTo(before);
                assertThat(state.itemVersion()).as("a rebuilt state never repeats an item version")
                        .isNotEqualTo(versionBefore);
                RealtimeState reference = new InMemoryRealtimeState(RealtimeEvents.LIMITS, RealtimeEvents.CATEGORIES);
                events.forEach(c -> c.applyTo(reference));
                RealtimeEvents.assertSameState(state, reference, end);
            }
        }
    }

    @Test
    void connectingToAServerThatIsDownFailsFast() throws Exception {
        try (ThrowawayRedis server = new ThrowawayRedis()) {
            // the first attempt in a JVM also loads and starts Netty (seconds on a busy machine): time the second
            for (int attempt = 0; attempt < 2; attempt++) {
                long t = System.nanoTime();
                assertThatThrownBy(() -> Redis.connect(server.uri("t:") + "&timeout=1s"))
                        .isInstanceOf(StoreException.class).hasMessageContaining("cannot connect to Redis");
                if (attempt == 1) {
                    assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(2));
                }
            }
        }
    }

    private static void applyAll(RealtimeState state, List<RealtimeEvents.Change> events) {
        for (int offset = 0; offset < events.size(); offset++) {
            RealtimeEvents.Change c = events.get(offset);
            assertThat(state.applyOnce(offset, () -> c.applyTo(state))).isEqualTo(Applied.APPLIED);
        }
    }

    private static Map<String, UserSnapshot> snapshots(RealtimeState state) {
        Map<String, UserSnapshot> all = new HashMap<>();
        for (String s : RealtimeEvents.subjects()) {
            state.user(s).ifPresent(u -> all.put(s, u));
        }
        return all;
    }

    /** Polls until the connection is back (Lettuce reconnects by itself); returns the applied offset. */
    private static long awaitReconnect(RealtimeState state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                return state.appliedOffset();
            } catch (StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
