package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.price.DropNotice;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.PricePoint;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqlitePriceAlertStore;
import org.shoptide.embedded.sqlite.SqlitePriceHistoryStore;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.PriceTracking;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;

/** Price history on upsert, drop detection (thresholds, stock, cool-down), who is notified, and the rule boost. */
class PriceTrackingTest {
    @TempDir
    Path dir;
    SqliteDatabase db;
    SqlitePriceHistoryStore history;
    SqlitePriceAlertStore alerts;
    EngineFixture f;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("shoptide.db"));
        history = new SqlitePriceHistoryStore(db);
        alerts = new SqlitePriceAlertStore(db);
        f = new EngineFixture();
    }

    @AfterEach
    void close() {
        f.close();
        db.close();
    }

    private DefaultEngine engine() {
        return f.engine().withPriceTracking(history, alerts);
    }

    private static Item item(String id, double price, boolean inStock) {
        return new Item(id, "Thing " + id, null, price, "EUR", "Acme", List.of("Home"), Map.of(), List.of(), inStock,
                null, null);
    }

    private Event event(EventType type, String user, String item) {
        return Event.ofItem(type, user, item, f.clock.instant());
    }

    private Event shown(String user, String... items) {
        List<ShownItem> shown = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            shown.add(new ShownItem(items[i], i + 1));
        }
        return new Event(null, EventType.IMPRESSION, null, user, null, null, f.clock.instant(), null, null, null, null,
                null, shown, new EventContext(null, "user", "rec-" + user), null);
    }

    private static List<String> dropIds(List<DropNotice> notices) {
        return notices.stream().map(n -> n.drop().id()).toList();
    }

    @Test
    void everyUpsertRecordsItsSourceCompactly() {
        DefaultEngine engine = engine();
        engine.createShop(SHOP, "Acme");
        PriceTracking prices = engine.priceTracking().orElseThrow();
        for (int k = 0; k < 5; k++) {
            engine.upsertItems(SHOP, List.of(item("a", 19.99, true)));
            f.clock.advance(Duration.ofHours(1));
        }
        engine.upsertItems(SHOP, List.of(item("a", 17.5, true)), "feed-1");
        engine.upsertItems(SHOP,
                List.of(new Item("b", "No price", null, null, null, null, null, null, null, true, null, null)),
                Engine.SOURCE_IMPORT);
        List<PricePoint> points = prices.prices(SHOP, "a", null, null, null);
        assertThat(points).extracting(PricePoint::source, PricePoint::amountMinor).containsExactly(tuple("api", 1999L),
                tuple("feed-1", 1750L));
        assertThat(points.get(0).confirmedAt()).isEqualTo(EngineFixture.T0.plus(Duration.ofHours(4)));
        assertThat(prices.prices(SHOP, "b", null, null, null)).isEmpty();
        assertThatThrownBy(() -> engine.upsertItems(SHOP, List.of(item("c", 1, true)), "bad source!"))
                .isInstanceOf(ValidationException.class);
        assertThat(engine.item(SHOP, "c")).isEmpty();
        engine.deleteItem(SHOP, "a");
        assertThat(prices.prices(SHOP, "a", null, null, null)).isEmpty();
    }

    @Test
    void aDropNotifiesTheCustomersWhoViewedCartedOrWereShownTheItemWithinTheWindow() {
        DefaultEngine engine = engine();
        engine.createShop(SHOP, "Acme");
        PriceTracking prices = engine.priceTracking().orElseThrow();
        engine.upsertItems(SHOP, List.of(item("a", 100, true), item("b", 50, true)));
        engine.ingest(SHOP, List.of(event(EventType.VIEW, "old", "a")));
        f.clock.advance(Duration.ofDays(31)); // "old" viewed a outside the 30-day window
        engine.ingest(SHOP, List.of(event(EventType.VIEW, "viewer", "a"), event(EventType.ADD_TO_CART, "carter", "a"),
                shown("shown", "b", "a"), event(EventType.VIEW, "other", "b"), event(EventType.VIEW, "erased", "a")));
        engine.eraseUser(SHOP, "erased");

        engine.upsertItems(SHOP, List.of(item("a", 80, true), item("b", 50, true)));

        List<PriceDrop> drops = prices.drops(SHOP, EngineFixture.T0, 10);
        assertThat(drops).hasSize(1);
        PriceDrop d = drops.get(0);
        assertThat(d.itemId()).isEqualTo("a");
        assertThat(d.oldMinor()).isEqualTo(10000);
        assertThat(d.newMinor()).isEqualTo(8000);
        assertThat(d.percent()).isEqualTo(20.0);
        assertThat(alerts.recipients(SHOP, d.id())).containsExactly("carter", "shown", "viewer");
        assertThat(dropIds(prices.notices(SHOP, "viewer", 10))).containsExactly(d.id());
        assertThat(prices.notices(SHOP, "other", 10)).isEmpty();
        assertThat(prices.notices(SHOP, "old", 10)).isEmpty();
        assertThat(prices.notices(SHOP, "erased", 10)).isEmpty();
        assertThat(prices.dismiss(SHOP, "viewer", List.of(d.id()))).isEqualTo(1);
        assertThat(prices.notices(SHOP, "viewer", 10)).isEmpty();
        assertThat(prices.notices(SHOP, "carter", 10)).hasSize(1);

        // erasing a notified customer later takes them off the drop
        engine.eraseUser(SHOP, "carter");
        assertThat(alerts.recipients(SHOP, d.id())).containsExactly("shown", "viewer");
    }

    @Test
    void thresholdsStockAndCooldownDecideWhatCountsAsADrop() {
        DefaultEngine engine = engine();
        engine.createShop(SHOP, "Acme");
        PriceTracking prices = engine.priceTracking().orElseThrow();
        prices.updateSettings(SHOP, new PriceAlertSettings(true, 10, 500, Duration.ofDays(2), Duration.ofDays(30),
                Duration.ofDays(7), null, null));
        engine.upsertItems(SHOP,
                List.of(item("a", 100, true), item("b", 20, true), item("c", 100, false), item("d", 100, true)));
        f.clock.advance(Duration.ofMinutes(1));
        // a: 8% (below 10%); b: 25% but 5.00 EUR (not below 500 minor units? equal: passes); c: out of stock;
        // d: 20% and 20.00 EUR: passes
        engine.upsertItems(SHOP,
                List.of(item("a", 92, true), item("b", 15.01, true), item("c", 50, false), item("d", 80, true)));
        assertThat(prices.drops(SHOP, EngineFixture.T0, 10)).extracting(PriceDrop::itemId).containsExactly("d");
        engine.upsertItems(SHOP, List.of(item("b", 10, true)));
        assertThat(prices.drops(SHOP, EngineFixture.T0, 10)).extracting(PriceDrop::itemId).contains("b");

        // cool-down: d drops again a day later: no new drop; after the cool-down it counts again
        f.clock.advance(Duration.ofDays(1));
        engine.upsertItems(SHOP, List.of(item("d", 60, true)));
        assertThat(prices.drops(SHOP, EngineFixture.T0, 10)).extracting(PriceDrop::itemId).containsOnlyOnce("d");
        f.clock.advance(Duration.ofDays(2));
        engine.upsertItems(SHOP, List.of(item("d", 40, true)));
        assertThat(prices.drops(SHOP, EngineFixture.T0, 10)).filteredOn(x -> x.itemId().equals("d"))
                .extracting(PriceDrop::newMinor).containsExactly(4000L, 8000L);

        // a rise, a same price and a currency change are never drops
        engine.upsertItems(SHOP, List.of(item("a", 200, true)));
        engine.upsertItems(SHOP, List.of(new Item("a", "Thing a", null, 1.0, "USD", "Acme", List.of("Home"), Map.of(),
                List.of(), true, null, null)));
        assertThat(prices.drops(SHOP, EngineFixture.T0, 10)).extracting(PriceDrop::itemId).doesNotContain("a");

        // disabled: nothing is detected
        prices.updateSettings(SHOP, new PriceAlertSettings(false, 0, 0, Duration.ZERO, Duration.ofDays(30),
                Duration.ofDays(7), null, null));
        engine.upsertItems(SHOP, List.of(item("b", 1, true)));
        assertThat(prices.drops(SHOP, EngineFixture.T0, 10)).extracting(PriceDrop::newMinor).doesNotContain(100L);
    }

    @Test
    void whoCaredSurvivesARestartBecauseItIsRebuiltFromTheLog() {
        DefaultEngine engine = engine();
        engine.createShop(SHOP, "Acme");
        engine.upsertItems(SHOP, List.of(item("a", 100, true)));
        engine.ingest(SHOP, List.of(event(EventType.VIEW, "viewer", "a")));
        engine.close();

        DefaultEngine restarted = engine();
        restarted.upsertItems(SHOP, List.of(item("a", 50, true)));
        assertThat(restarted.priceTracking().orElseThrow().notices(SHOP, "viewer", 10)).hasSize(1);
    }

    @Test
    void aBoostRuleOnPriceDropPctReordersTheRanking() {
        DefaultEngine engine = engine();
        engine.createShop(SHOP, "Acme");
        engine.upsertItems(SHOP, List.of(item("top", 100, true), item("second", 100, true), item("third", 100, true)));
        List<Event> views = new ArrayList<>();
        for (int v = 0; v < 9; v++) { // trending order: top, second, third
            views.add(event(EventType.VIEW, "crowd" + v, "top"));
            if (v < 6) {
                views.add(event(EventType.VIEW, "crowd" + v, "second"));
            }
            if (v < 3) {
                views.add(event(EventType.VIEW, "crowd" + v, "third"));
            }
        }
        engine.ingest(SHOP, views);
        engine.replaceRules(SHOP, "[{\"type\":\"boost\",\"when\":\"price_drop_pct >= 10\",\"factor\":1000}]");
        assertThat(trending(engine)).containsExactly("top", "second", "third");

        engine.upsertItems(SHOP, List.of(item("third", 85, true), item("second", 97, true))); // 15% and 3%
        assertThat(trending(engine)).containsExactly("third", "top", "second");

        // the drop counts for the boost window only
        f.clock.advance(Duration.ofDays(8));
        assertThat(trending(engine)).containsExactly("top", "second", "third");
    }

    private static List<String> trending(DefaultEngine engine) {
        return engine
                .recommend(
                        new RecommendationRequest(SHOP, Scenario.TRENDING, null, null, null, null, 3, null, true, null))
                .items().stream().map(RecommendedItem::itemId).toList();
    }
}
