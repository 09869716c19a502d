package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.shoptide.core.algo.ModelTrainer;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.model.ModelFormat;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;

/**
 * The engine's training seam ({@link AlsFitters}) and event copy ({@link ShopEventCopy}) as the composition root uses
 * them for {@code training.uri=spark:} and the lake.
 */
class TrainingSeamTest {
    private static DefaultEngine unstarted(EngineFixture f) {
        return new DefaultEngine(f.config, f.shops, f.items, f.users, f.rules, f.experiments, f.log, f.models, f.clock,
                f.random).withRealtime(InMemoryRealtimeState.FACTORY);
    }

    /** What a model serves from: ids, factors, neighbours, popularity (its stats hold wall-clock timings). */
    private static List<Object> served(EngineFixture f, ModelInfo info) throws Exception {
        try (InputStream in = f.models.open(SHOP, info.version())) {
            ShopModel m = ModelFormat.read(in);
            return List.of(List.of(m.itemIds()), List.of(m.userIds()), m.rank(), floats(m.itemFactors()),
                    floats(m.userFactors()), floats(m.itemGramian()), List.of(m.neighborItems().length),
                    floats(m.neighborScores()), floats(m.popularity()), floats(m.trending()));
        }
    }

    private static List<Float> floats(float[] a) {
        List<Float> out = new ArrayList<>(a.length);
        for (float v : a) {
            out.add(v);
        }
        return out;
    }

    @Test
    void aFitterGetsTheReplaysAliasesAndWindowAndItsReportIsPublishedWhileTheModelStaysTheSame() throws Exception {
        List<Object> inProcess;
        ModelInfo plain;
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            plain = engine.train(SHOP).model();
            inProcess = served(f, plain);
            assertThat(plain.metadata()).doesNotContainKeys("trainer");
        }
        List<Map<String, String>> aliasesSeen = new ArrayList<>();
        List<Instant> fromSeen = new ArrayList<>();
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = unstarted(f).withAlsFitters((shop, aliases, from, report) -> {
                fromSeen.add(from);
                return (data, params, pool) -> {
                    aliasesSeen.add(Map.copyOf(aliases)); // complete once the replay is done
                    report.put("trainer", "test");
                    return ModelTrainer.IN_PROCESS_ALS.fit(data, params, pool);
                };
            });
            engine.start();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            // one more event from a visitor merged into u0 before training, and its alias: both engines see it
            engine.ingest(SHOP, List.of(new Event(null, EventType.VIEW, null, null, "anon-9", null, f.clock.instant(),
                    "g0", null, null, null, null, null, null, null)));
            engine.alias(SHOP, "anon-9", "u0");
            ModelInfo seam = engine.train(SHOP).model();
            assertThat(seam.metadata()).containsEntry("trainer", "test");
            assertThat(aliasesSeen).containsExactly(Map.of("anon-9", "u0"));
            assertThat(fromSeen).containsExactly(EngineFixture.T0.minus(f.config.maxEventAge()));
            assertThat(f.models.list(SHOP)).hasSize(1);
            engine.close();
        }
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = unstarted(f)
                    .withAlsFitters((shop, aliases, from, report) -> ModelTrainer.IN_PROCESS_ALS);
            engine.start();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            ModelInfo same = engine.train(SHOP).model();
            assertThat(served(f, same)).isEqualTo(inProcess);
            assertThat(same.metadata().keySet()).isEqualTo(plain.metadata().keySet());
            engine.close();
        }
    }

    @Test
    void theEventCopyFollowsShopsOpenedNowAndLaterErasuresAndClosesWithTheEngine() {
        List<String> calls = new CopyOnWriteArrayList<>();
        ShopEventCopy copy = new ShopEventCopy() {
            @Override
            public void open(ShopId shop) {
                calls.add("open " + shop);
            }

            @Override
            public void erase(ShopId shop, Set<String> subjects) {
                calls.add("erase " + shop + " " + new java.util.TreeSet<>(subjects));
            }

            @Override
            public void close() {
                calls.add("close");
            }
        };
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine first = f.engine();
            first.createShop(SHOP, "Acme");
            first.close();
            DefaultEngine engine = unstarted(f).withEventCopy(copy);
            engine.start();
            assertThat(calls).containsExactly("open acme");
            engine.createShop(ShopId.of("later"), "Later");
            assertThat(calls).containsExactly("open acme", "open later");
            engine.ingest(SHOP, List.of(f.view("u1", "x")));
            engine.alias(SHOP, "anon-1", "u1");
            engine.eraseUser(SHOP, "u1");
            assertThat(calls).contains("erase acme [anon-1, u1]");
            assertThatThrownBy(() -> engine.withEventCopy(copy)).isInstanceOf(IllegalStateException.class);
            engine.close();
            assertThat(calls).endsWith("close");
            assertThat(new HashSet<>(calls)).hasSize(calls.size());
        }
    }
}
