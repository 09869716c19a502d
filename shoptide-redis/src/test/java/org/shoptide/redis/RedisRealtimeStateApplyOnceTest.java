package org.shoptide.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RealtimeState.Applied;
import org.shoptide.core.port.RealtimeState.Interaction;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;

/** Apply-once by log offset: what several engine nodes sharing one Redis state rely on. */
class RedisRealtimeStateApplyOnceTest {
    private static final ShopId SHOP = ShopId.of("shop-a");
    private Redis redis;

    @BeforeEach
    void connect() {
        redis = RedisTestSupport.connect("realtime-apply-once");
    }

    @AfterEach
    void clean() {
        RedisTestSupport.clean(redis);
    }

    private RealtimeState open(Redis r) {
        return new RedisRealtimeStates(r).open(SHOP, RealtimeEvents.LIMITS, RealtimeEvents.CATEGORIES);
    }

    private static void engage(RealtimeState s, String subject, String item, float w, long t) {
        s.interact(subject, item, Interaction.ENGAGE, w, null, t);
    }

    @Test
    void eachOffsetAppliesOnceAndOnlyInOrder() {
        RealtimeState state = open(redis);
        assertThat(state.shared()).isTrue();
        assertThat(state.appliedOffset()).isZero();

        assertThat(state.applyOnce(0, () -> engage(state, "u", "g1", 2, RealtimeEvents.T0))).isEqualTo(Applied.APPLIED);
        assertThat(state.appliedOffset()).isEqualTo(1);
        long version = state.itemVersion();

        assertThat(state.applyOnce(0, () -> engage(state, "u", "g1", 2, RealtimeEvents.T0))).isEqualTo(Applied.ALREADY);
        assertThat(state.applyOnce(5, () -> engage(state, "u", "g2", 2, RealtimeEvents.T0))).isEqualTo(Applied.GAP);
        assertThat(state.appliedOffset()).isEqualTo(1);
        assertThat(state.user("u").orElseThrow().recentItems()).containsExactly("g1");
        assertThat(state.user("u").orElseThrow().recentWeights()).containsExactly(2f);
        assertThat(state.itemVersion()).isEqualTo(version);
        assertThat(state.trending("g1", RealtimeEvents.T0)).isEqualTo(2.0);

        // an event with no realtime effect still moves the offset
        assertThat(state.applyOnce(1, () -> {
        })).isEqualTo(Applied.APPLIED);
        assertThat(state.appliedOffset()).isEqualTo(2);
        assertThatThrownBy(() -> state.applyOnce(-1, () -> {
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
    }

    @Test
    void theChangesOfOneOffsetBecomeVisibleTogether() {
        RealtimeState state = open(redis);
        engage(state, "anon", "k1", 1, RealtimeEvents.T0);
        boolean[] dropped = new boolean[2];
        Applied applied = state.applyOnce(0, () -> {
            engage(state, "anon", "g1", 3, RealtimeEvents.T0 + 1);
            state.merge("anon", "user");
            // reads inside the changes see the stored state: the merge is not committed yet
            assertThat(state.user("user")).isEmpty();
            dropped[0] = state.drop("other");
            engage(state, "other", "b1", 1, RealtimeEvents.T0 + 2);
            dropped[1] = state.drop("other");
        });
        assertThat(applied).isEqualTo(Applied.APPLIED);
        assertThat(dropped).containsExactly(false, true);
        assertThat(state.user("anon")).isEmpty();
        assertThat(state.user("other")).isEmpty();
        assertThat(state.user("user").orElseThrow().recentItems()).containsExactly("g1", "k1");
        assertThat(state.subjects()).isEqualTo(1);
        assertThat(state.trending("b1", RealtimeEvents.T0 + 2)).isEqualTo(1.0);
    }

    @Test
    void aFailingEventKeepsWhatRanAndTheLogMovesOn() {
        RealtimeState state = open(redis);
        assertThatThrownBy(() -> state.applyOnce(0, () -> {
            engage(state, "u", "g1", 1, RealtimeEvents.T0);
            throw new IllegalArgumentException("bad event");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad event");
        assertThat(state.appliedOffset()).isEqualTo(1);
        assertThat(state.user("u").orElseThrow().recentItems()).containsExactly("g1");
        assertThatThrownBy(() -> state.applyOnce(1, () -> state.applyOnce(2, () -> {
        }))).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not nest");
    }

    @Test
    void aConcurrentDirectChangeIsNotLost() throws Exception {
        RealtimeState state = open(redis);
        int n = 200;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CyclicBarrier start = new CyclicBarrier(2);
            Future<?> logged = pool.submit(() -> {
                start.await();
                for (int i = 0; i < n; i++) {
                    int k = i;
                    assertThat(state.applyOnce(k, () -> engage(state, "u", "g" + (k % 3), 1, RealtimeEvents.T0 + k)))
                            .isEqualTo(Applied.APPLIED);
                }
                return null;
            });
            Future<?> direct = pool.submit(() -> {
                start.await();
                for (int i = 0; i < n; i++) {
                    engage(state, "u", "k" + (i % 2), 1, RealtimeEvents.T0 + i);
                }
                return null;
            });
            logged.get();
            direct.get();
        } finally {
            pool.shutdownNow();
        }
        float[] weights = state.user("u").orElseThrow().recentWeights();
        float total = 0;
        for (float w : weights) {
            total += w;
        }
        assertThat(total).isEqualTo(2f * n);
        assertThat(state.appliedOffset()).isEqualTo(n);
    }

    /**
     * Two "nodes" (own connections) race through the same 1,000 events in offset order: each offset is applied by
     * exactly one of them, and the shared state ends equal to the in-memory state after the same events.
     */
    @Test
    void twoNodesApplyOneLogExactlyOnce() throws Exception {
        List<RealtimeEvents.Change> events = RealtimeEvents.generate(42, 1_000);
        Redis second = RedisTestSupport.another(redis);
        try (RedisRealtimeStates nodeA = new RedisRealtimeStates(redis);
                RedisRealtimeStates nodeB = new RedisRealtimeStates(second)) {
            RealtimeState[] nodes = { nodeA.open(SHOP, RealtimeEvents.LIMITS, RealtimeEvents.CATEGORIES),
                    nodeB.open(SHOP, RealtimeEvents.LIMITS, RealtimeEvents.CATEGORIES) };
            ConcurrentHashMap<Integer, Integer> appliedBy = new ConcurrentHashMap<>();
            AtomicInteger[] counts = { new AtomicInteger(), new AtomicInteger() };
            AtomicBoolean gap = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<?>[] runs = new Future<?>[2];
                for (int node = 0; node < 2; node++) {
                    int me = node;
                    runs[node] = pool.submit(() -> {
                        start.await();
                        RealtimeState s = nodes[me];
                        for (int offset = 0; offset < events.size(); offset++) {
                            RealtimeEvents.Change c = events.get(offset);
                            Applied a = s.applyOnce(offset, () -> c.applyTo(s));
                            if (a == Applied.APPLIED) {
                                counts[me].incrementAndGet();
                                assertThat(appliedBy.putIfAbsent(offset, me)).as("offset %s applied twice", offset)
                                        .isNull();
                            } else if (a == Applied.GAP) {
                                gap.set(true);
                            }
                        }
                        return null;
                    });
                }
                runs[0].get();
                runs[1].get();
            } finally {
                pool.shutdownNow();
            }
            assertThat(gap).isFalse();
            assertThat(appliedBy).hasSize(events.size());
            assertThat(counts[0].get() + counts[1].get()).isEqualTo(events.size());
            assertThat(nodes[0].appliedOffset()).isEqualTo(events.size());

            RealtimeState reference = new InMemoryRealtimeState(RealtimeEvents.LIMITS, RealtimeEvents.CATEGORIES);
            events.forEach(c -> c.applyTo(reference));
            assertThat(reference.subjects()).as("the events leave users and visitors to compare").isGreaterThan(20);
            long end = RealtimeEvents.T0 + 1_000L * 3_600_000L / 10;
            RealtimeEvents.assertSameState(nodes[0], reference, end);
            RealtimeEvents.assertSameState(nodes[1], reference, end);
        } finally {
            second.close();
        }
    }
}
