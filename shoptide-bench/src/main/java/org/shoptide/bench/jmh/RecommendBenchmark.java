package org.shoptide.bench.jmh;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.EngineConfig;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;
import org.shoptide.testing.fake.InMemoryEventLog;
import org.shoptide.testing.fake.InMemoryExperimentStore;
import org.shoptide.testing.fake.InMemoryItemStore;
import org.shoptide.testing.fake.InMemoryModelStore;
import org.shoptide.testing.fake.InMemoryRuleStore;
import org.shoptide.testing.fake.InMemoryShopStore;
import org.shoptide.testing.fake.InMemoryUserStore;
import org.shoptide.testing.fake.MutableClock;

/**
 * One recommendation through the whole engine (no HTTP), single-threaded, on a 4,000-item shop with a trained model:
 * 30,000 events of 2,000 users who stay mostly in one of eight departments, then a fixed mix of 1,600 requests cycled
 * in order (for-you, item, cart and filtered trending; some visitors unknown). The engine runs on the in-memory
 * adapters, so this measures serving, not storage. Until issue 11 this was an engine test that only logged the times.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RecommendBenchmark {
    static final ShopId SHOP = ShopId.of("acme");
    private static final int ITEMS = 4000;

    private InMemoryEventLog log;
    private DefaultEngine engine;
    private List<RecommendationRequest> requests;
    private int next;

    @Setup
    public void setup() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
        EngineConfig config = EngineConfig.defaults().withTraining(LocalTime.of(3, 0), ZoneOffset.UTC, false)
                .withTrainingParams(TrainingParams.defaults().withRank(8).withIterations(8).withThreads(1).withSeed(7));
        log = new InMemoryEventLog();
        engine = new DefaultEngine(config, new InMemoryShopStore(), new InMemoryItemStore(clock),
                new InMemoryUserStore(clock), new InMemoryRuleStore(), new InMemoryExperimentStore(), log,
                new InMemoryModelStore(clock), clock, new Random(11)).withRealtime(InMemoryRealtimeState.FACTORY);
        engine.start();
        engine.createShop(SHOP, "Acme");
        SplittableRandom rnd = new SplittableRandom(3);
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            catalog.add(new Item("i" + i, "Product " + i + " model " + (i % 97), null, (double) (1 + i % 200), "EUR",
                    "Brand" + (i % 40), List.of("Dept" + (i % 8), "Cat" + (i % 80)), Map.of(), List.of(), i % 10 != 0,
                    null, null));
        }
        engine.upsertItems(SHOP, catalog);
        for (int batch = 0; batch < 30; batch++) {
            List<Event> events = new ArrayList<>();
            for (int e = 0; e < 1000; e++) {
                int user = rnd.nextInt(2000);
                int item = user % 8 + 8 * rnd.nextInt(500); // users stay mostly in their department
                events.add(
                        rnd.nextInt(20) == 0 ? purchase("u" + user, "o" + batch + "-" + e, "i" + item, clock.instant())
                                : Event.ofItem(EventType.VIEW, "u" + user, "i" + item, clock.instant()));
            }
            engine.ingest(SHOP, events);
        }
        engine.train(SHOP);
        requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String u = "u" + rnd.nextInt(2500); // some unknown visitors
            requests.add(new RecommendationRequest(SHOP, Scenario.USER, u, null, null, null, 10, null, true, null));
            requests.add(new RecommendationRequest(SHOP, Scenario.ITEM, null, null, "i" + rnd.nextInt(ITEMS), null, 10,
                    null, true, null));
            requests.add(new RecommendationRequest(SHOP, Scenario.CART, u, null, null,
                    List.of("i" + rnd.nextInt(ITEMS), "i" + rnd.nextInt(ITEMS)), 10, null, true, null));
            requests.add(new RecommendationRequest(SHOP, Scenario.TRENDING, null, null, null, null, 10,
                    new Filters("Dept" + rnd.nextInt(8), null, null, 150.0, true), true, null));
        }
    }

    @TearDown
    public void tearDown() {
        engine.close();
        log.close();
    }

    @Benchmark
    public Recommendation recommend() {
        RecommendationRequest r = requests.get(next);
        next = next + 1 == requests.size() ? 0 : next + 1;
        return engine.recommend(r);
    }

    /** The request mix, in the order {@link #recommend} cycles through it. */
    List<RecommendationRequest> requests() {
        return requests;
    }

    private static Event purchase(String user, String order, String item, Instant at) {
        return new Event(null, EventType.PURCHASE, null, user, null, null, at, null, null, null, order,
                List.of(new LineItem(item, 10, 1, "EUR")), null, null, null);
    }
}
