package org.shoptide.onnx;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.EngineConfig;
import org.shoptide.testing.fake.InMemoryEventLog;
import org.shoptide.testing.fake.InMemoryExperimentStore;
import org.shoptide.testing.fake.InMemoryItemStore;
import org.shoptide.testing.fake.InMemoryModelStore;
import org.shoptide.testing.fake.InMemoryRuleStore;
import org.shoptide.testing.fake.InMemoryShopStore;
import org.shoptide.testing.fake.InMemoryUserStore;
import org.shoptide.testing.fake.MutableClock;

/**
 * A synthetic "next item" shop on a real engine: {@value #ITEMS} items {@code i0..}; each of {@value #USERS} users
 * views four consecutive items {@code i(s), i(s+1), i(s+2), i(s+3)} in that order. The held-out item is the one after
 * the last of the history, which a model that knows the rule ranks first and the engine's sources (ALS and popularity;
 * no item-to-item models are configured) cannot pin down.
 */
final class OnnxShop implements AutoCloseable {
    static final ShopId SHOP = ShopId.of("acme");
    static final int ITEMS = 100;
    static final int USERS = 800;
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryModelStore models = new InMemoryModelStore(clock);
    final InMemoryEventLog log = new InMemoryEventLog();
    final EngineConfig config = EngineConfig.defaults().withTraining(LocalTime.of(3, 0), ZoneOffset.UTC, false)
            .withTrainingParams(TrainingParams.defaults().withRank(8).withIterations(8).withThreads(1).withSeed(7))
            .withItemModels(Map.of());
    final DefaultEngine engine;

    OnnxShop() {
        engine = new DefaultEngine(config, new InMemoryShopStore(), new InMemoryItemStore(clock),
                new InMemoryUserStore(clock), new InMemoryRuleStore(), new InMemoryExperimentStore(), log, models,
                clock, new Random(11)).withRealtime(InMemoryRealtimeState.FACTORY);
        engine.start();
        engine.createShop(SHOP, "Acme");
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            catalog.add(new Item("i" + i, "Item " + i, null, 10.0 + i, "EUR", "b" + i % 5, List.of("All"), Map.of(),
                    List.of(), true, null, null));
        }
        engine.upsertItems(SHOP, catalog);
        Random rnd = new Random(42);
        List<Event> batch = new ArrayList<>();
        Instant t = T0.minusSeconds(USERS * 10L);
        for (int u = 0; u < USERS; u++) {
            int s = rnd.nextInt(ITEMS - 4);
            for (int k = 0; k < 4; k++) {
                batch.add(Event.ofItem(EventType.VIEW, "u" + u, "i" + (s + k), t));
                t = t.plusSeconds(2);
            }
        }
        for (int from = 0; from < batch.size(); from += 1000) {
            engine.ingest(SHOP, batch.subList(from, Math.min(batch.size(), from + 1000)));
        }
        engine.train(SHOP);
    }

    /** For each index of the table, the index of the item that follows it ({@code i(k+1)}), or -1. */
    static int[] next(List<String> table) {
        int[] next = new int[table.size()];
        for (int j = 0; j < next.length; j++) {
            next[j] = table.indexOf("i" + (Integer.parseInt(table.get(j).substring(1)) + 1));
        }
        return next;
    }

    OnnxModels onnx(OnnxModelStore store, long maxBytes, java.time.Duration validationTimeout) {
        return new OnnxModels(store, models, log, clock, new OnnxModels.Settings(maxBytes, validationTimeout,
                config.holdoutUsers(), config.trainingParams().seed()));
    }

    @Override
    public void close() {
        engine.close();
    }
}
