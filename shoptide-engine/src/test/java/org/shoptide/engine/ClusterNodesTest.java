package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.UserSnapshot;

/**
 * Several engine nodes on shared stores, one log and one shared realtime state: each event changes the shared state
 * once whichever node applies it, a state that lost its data is rebuilt from the log (holes left by an erasure
 * included), and catalog changes and new models made on one node reach the others through {@link ClusterSync}.
 */
class ClusterNodesTest {

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static DefaultEngine node(EngineFixture f, SharedRealtimeStates shared, Duration sync) {
        DefaultEngine e = new DefaultEngine(f.config, f.shops, f.items, f.users, f.rules, f.experiments, f.log,
                f.models, f.clock, f.random).withRealtime(shared).withClusterSync(sync);
        e.start();
        return e;
    }

    private List<Event> views(EngineFixture f, String user, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(f.view(user, "g" + (i % 20)));
        }
        return out;
    }

    @Test
    void twoNodesApplyEachEventOnceToTheSharedState() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            SharedRealtimeStates shared = new SharedRealtimeStates();
            f.engine().createShop(SHOP, "Acme");
            try (DefaultEngine a = node(f, shared, Duration.ZERO);
                    DefaultEngine b = node(f, shared, Duration.ZERO)) {
                f.syntheticShop(a);
                for (int i = 0; i < 20; i++) {
                    (i % 2 == 0 ? a : b).ingest(SHOP, views(f, "v" + i, 10));
                }
                SharedRealtimeStates.State s = shared.of(SHOP);
                long end = f.storage.endOffset(SHOP);
                eventually(() -> s.appliedOffset() == end, "the shared state to reach the log's end");
                // 1000 synthetic events: 960 views + 40 purchases of two lines each; 200 views here
                assertThat(s.interactions.get()).isEqualTo(960 + 80 + 200);
                UserSnapshot v0 = s.user("v0").orElseThrow();
                assertThat(v0.recentItems()).hasSize(10);
            }
        }
    }

    @Test
    void aLostSharedStateIsRebuiltFromTheLogAcrossErasedOffsets() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            SharedRealtimeStates shared = new SharedRealtimeStates();
            f.engine().createShop(SHOP, "Acme");
            try (DefaultEngine a = node(f, shared, Duration.ZERO);
                    DefaultEngine b = node(f, shared, Duration.ZERO)) {
                f.syntheticShop(a);
                a.ingest(SHOP, views(f, "victim", 5));
                a.ingest(SHOP, views(f, "keeper", 7));
                SharedRealtimeStates.State s = shared.of(SHOP);
                eventually(() -> s.appliedOffset() == f.storage.endOffset(SHOP), "the first events");
                assertThat(b.eraseUser(SHOP, "victim").eventsErased()).isEqualTo(5);
                assertThat(s.user("victim")).isEmpty();

                s.lose(); // e.g. Redis restarted without persistence
                b.ingest(SHOP, views(f, "after", 3));

                long end = f.storage.endOffset(SHOP);
                eventually(() -> s.appliedOffset() == end, "the rebuilt state to reach the log's end");
                assertThat(s.user("keeper").orElseThrow().recentItems()).hasSize(7);
                assertThat(s.user("after").orElseThrow().recentItems()).hasSize(3);
                assertThat(s.user("victim")).isEmpty();
                assertThat(s.interactions.get()).isEqualTo(960 + 80 + 7 + 3);
            }
        }
    }

    @Test
    void catalogChangesAndNewModelsReachTheOtherNode() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            SharedRealtimeStates shared = new SharedRealtimeStates();
            f.engine().createShop(SHOP, "Acme");
            try (DefaultEngine a = node(f, shared, Duration.ZERO);
                    DefaultEngine b = node(f, shared, Duration.ofMillis(50))) {
                f.syntheticShop(a);
                eventually(() -> b.runtimeOf(SHOP).catalog.size() == 40, "node b to see node a's catalog");

                a.upsertItems(SHOP,
                        List.of(EngineFixture.item("g0", "Renamed garden tool", "GreenCo", 99, true, "Garden", "Tools"),
                                EngineFixture.item("new1", "New rake", "GreenCo", 5, true, "Garden")));
                assertThat(a.deleteItem(SHOP, "k3")).isTrue();
                eventually(
                        () -> b.runtimeOf(SHOP).catalog.get("new1") != null
                                && b.runtimeOf(SHOP).catalog.get("k3") == null
                                && "Renamed garden tool".equals(b.runtimeOf(SHOP).catalog.get("g0").item().title()),
                        "node b to see the upsert and the delete");

                long v = a.train(SHOP).model().version();
                eventually(() -> b.currentModel(SHOP).map(m -> m.version() == v).orElse(false),
                        "node b to serve node a's model");
                assertThat(b.runtimeOf(SHOP).served.model().version()).isEqualTo(v);
            }
        }
    }
}
