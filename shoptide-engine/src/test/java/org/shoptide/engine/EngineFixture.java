package org.shoptide.engine;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
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
import org.shoptide.core.event.LineItem;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.fake.InMemoryEventLog;
import org.shoptide.testing.fake.InMemoryExperimentStore;
import org.shoptide.testing.fake.InMemoryItemStore;
import org.shoptide.testing.fake.InMemoryModelStore;
import org.shoptide.testing.fake.InMemoryRuleStore;
import org.shoptide.testing.fake.InMemoryShopStore;
import org.shoptide.testing.fake.InMemoryUserStore;
import org.shoptide.testing.fake.MutableClock;

/** Stores, log and clock shared by an engine and the engine that replaces it after a "restart". */
final class EngineFixture implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final ShopId SHOP = ShopId.of("acme");

    final MutableClock clock = new MutableClock(T0);
    final InMemoryShopStore shops = new InMemoryShopStore();
    final InMemoryItemStore items = new InMemoryItemStore(clock);
    final InMemoryUserStore users = new InMemoryUserStore(clock);
    final InMemoryModelStore models = new InMemoryModelStore(clock);
    final InMemoryRuleStore rules = new InMemoryRuleStore();
    final InMemoryExperimentStore experiments = new InMemoryExperimentStore();
    /** Exploration draws; seeded so that tests are deterministic. */
    final Random random = new Random(11);
    final InMemoryEventLog storage = new InMemoryEventLog();
    /** The log engines use: appends can be made to fail. */
    final FailingEventLog log = new FailingEventLog(storage);
    final EngineConfig config = EngineConfig.defaults().withTraining(LocalTime.of(3, 0), ZoneOffset.UTC, false)
            .withTrainingParams(TrainingParams.defaults().withRank(8).withIterations(8).withThreads(1).withSeed(7));
    private final List<DefaultEngine> engines = new ArrayList<>();

    DefaultEngine engine() {
        DefaultEngine e = new DefaultEngine(config, shops, items, users, rules, experiments, log, models, clock, random)
                .withRealtime(InMemoryRealtimeState.FACTORY);
        e.start();
        engines.add(e);
        return e;
    }

    static Item item(String id, String title, String brand, double price, boolean inStock, String... path) {
        return new Item(id, title, null, price, "EUR", brand, List.of(path), Map.of(), List.of(), inStock, null, null);
    }

    Event view(String user, String item) {
        return Event.ofItem(EventType.VIEW, user, item, clock.instant());
    }

    Event purchase(String user, String order, String... itemIds) {
        List<LineItem> lines = new ArrayList<>();
        for (String i : itemIds) {
            lines.add(new LineItem(i, 10, 1, "EUR"));
        }
        return new Event(null, EventType.PURCHASE, null, user, null, null, clock.instant(), null, null, null, order,
                lines, null, null, null);
    }

    /**
     * A two-department shop: 20 garden items (brand GreenCo) and 20 kitchen items (brand ChefCo); 40 users each loyal
     * to one department, viewing and buying only there, with pairs (2k, 2k+1) viewed together: each user views four
     * pairs three times and buys both items of one of them.
     */
    void syntheticShop(DefaultEngine engine) {
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            catalog.add(item("g" + i, "Garden tool " + i, "GreenCo", 10 + i, true, "Garden", "Tools"));
            catalog.add(item("k" + i, "Kitchen pan " + i, "ChefCo", 10 + i, true, "Kitchen", "Pans"));
        }
        engine.upsertItems(SHOP, catalog);
        Random rnd = new Random(42);
        List<Event> batch = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            String prefix = u % 2 == 0 ? "g" : "k";
            List<Integer> pairs = new ArrayList<>(List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18));
            java.util.Collections.shuffle(pairs, rnd);
            for (int v = 0; v < 12; v++) {
                int pair = pairs.get(v % 4); // four pairs per user, each viewed three times
                batch.add(view("u" + u, prefix + pair));
                batch.add(view("u" + u, prefix + (pair + 1)));
            }
            batch.add(purchase("u" + u, "o" + u, prefix + pairs.get(0), prefix + (pairs.get(0) + 1)));
        }
        engine.ingest(SHOP, batch);
    }

    /** The shop's stored events, in offset order. */
    List<Event> events(ShopId shop) {
        List<Event> out = new ArrayList<>();
        storage.replay(shop, 0, le -> out.add(le.event()));
        return out;
    }

    @Override
    public void close() {
        engines.forEach(DefaultEngine::close);
        storage.close();
    }
}
