package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.IngestResult;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

class IngestTest {

    private static Event event(EngineFixture f, String clientId, EventType type, String user, String anon,
            String item) {
        return new Event(clientId, type, null, user, anon, null, f.clock.instant(), item, null, null, null, null, null,
                null, null);
    }

    @Test
    void everyViolationIsReportedAndNothingIsStored() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            List<Event> batch = List.of(f.view("u1", "i1"), // valid
                    event(f, null, EventType.VIEW, null, null, null), // no subject, no item
                    new Event(null, EventType.PURCHASE, null, "u1", null, null, f.clock.instant(), null, null, null,
                            null, List.of(new LineItem("i1", -1, 0, "euro")), null, null, null),
                    new Event(null, EventType.IMPRESSION, null, "u1", null, null, f.clock.instant(), null, null, null,
                            null, null, List.of(new ShownItem("i1", -2)), EventContext.EMPTY, null),
                    new Event(null, EventType.SEARCH, null, "u1", null, null, f.clock.instant(), null, null, " ", null,
                            null, null, null, null),
                    new Event(null, EventType.RATE, null, "u1", null, null, f.clock.instant(), "i1", 9.0, null, null,
                            null, null, null, null),
                    new Event(null, EventType.CUSTOM, "wishlist", "u1", null, null, f.clock.instant(), "i1", null, null,
                            null, null, null, null, null),
                    f.view("u1", "i1").withTimestamp(f.clock.instant().plus(Duration.ofMinutes(6))),
                    f.view("x".repeat(257), "i1"));
            assertThatThrownBy(() -> engine.ingest(SHOP, batch)).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.violations()).extracting(Violation::index, Violation::field)
                            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "userId"),
                                    org.assertj.core.groups.Tuple.tuple(1, "itemId"),
                                    org.assertj.core.groups.Tuple.tuple(2, "orderId"),
                                    org.assertj.core.groups.Tuple.tuple(2, "lineItems[0].price"),
                                    org.assertj.core.groups.Tuple.tuple(2, "lineItems[0].quantity"),
                                    org.assertj.core.groups.Tuple.tuple(2, "lineItems[0].currency"),
                                    org.assertj.core.groups.Tuple.tuple(3, "shown[0].position"),
                                    org.assertj.core.groups.Tuple.tuple(3, "context.recommendationId"),
                                    org.assertj.core.groups.Tuple.tuple(4, "query"),
                                    org.assertj.core.groups.Tuple.tuple(5, "value"),
                                    org.assertj.core.groups.Tuple.tuple(6, "type"),
                                    org.assertj.core.groups.Tuple.tuple(7, "timestamp"),
                                    org.assertj.core.groups.Tuple.tuple(8, "userId")));
            assertThat(f.log.endOffset(SHOP)).isZero();
            assertThatThrownBy(() -> engine.ingest(SHOP, List.of())).isInstanceOf(ValidationException.class);
            List<Event> tooMany = new ArrayList<>();
            for (int i = 0; i <= 1000; i++) {
                tooMany.add(f.view("u", "i"));
            }
            assertThatThrownBy(() -> engine.ingest(SHOP, tooMany)).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void customTypesNeedAConfiguredWeight() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            Shop s = engine.createShop(SHOP, "Acme").shop();
            Event custom = new Event(null, EventType.CUSTOM, "wishlist", "u1", null, null, f.clock.instant(), "i1",
                    null, null, null, null, null, null, null);
            assertThatThrownBy(() -> engine.ingest(SHOP, List.of(custom))).isInstanceOf(ValidationException.class);
            // configured on this node: effective at once
            engine.updateShop(SHOP, null, Map.of("wishlist", 2.5), null);
            assertThat(engine.ingest(SHOP, List.of(custom)).accepted()).isEqualTo(1);

            // configured by another node sharing the shop store: effective within the settings TTL
            Event share = new Event(null, EventType.CUSTOM, "share", "u1", null, null, f.clock.instant(), "i1", null,
                    null, null, null, null, null, null);
            f.shops.update(new Shop(s.id(), s.name(), s.createdAt(), s.publishableKeyHash(), s.secretKeyHash(),
                    Map.of("wishlist", 2.5, "share", 1.0), null));
            f.clock.advance(java.time.Duration.ofSeconds(6));
            assertThat(engine.ingest(SHOP, List.of(share.withTimestamp(f.clock.instant()))).accepted()).isEqualTo(1);
        }
    }

    @Test
    void retriesWithTheSameClientEventIdAreStoredOnce() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            List<Event> batch = List.of(event(f, "e1", EventType.VIEW, "u1", null, "i1"),
                    event(f, "e2", EventType.VIEW, "u1", null, "i2"), event(f, "e1", EventType.VIEW, "u1", null, "i1")); // duplicate
                                                                                                                         // inside
                                                                                                                         // the
                                                                                                                         // batch
            assertThat(engine.ingest(SHOP, batch)).isEqualTo(new IngestResult(2, 1, 0));
            assertThat(engine.ingest(SHOP, batch)).isEqualTo(new IngestResult(0, 3, -1));
            assertThat(
                    engine.ingest(SHOP,
                            List.of(event(f, "e3", EventType.VIEW, "u1", null, "i3"),
                                    event(f, null, EventType.VIEW, "u1", null, "i3"))))
                                            .isEqualTo(new IngestResult(2, 0, 2));
            assertThat(f.log.endOffset(SHOP)).isEqualTo(4);
            // the idempotency set is rebuilt from the log after a restart
            DefaultEngine restarted = f.engine();
            assertThat(restarted.ingest(SHOP, List.of(event(f, "e2", EventType.VIEW, "u1", null, "i2"))))
                    .isEqualTo(new IngestResult(0, 1, -1));
        }
    }

    @Test
    void concurrentRetriesStoreTheEventOnce() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            List<Event> batch = List.of(event(f, "same", EventType.VIEW, "u1", null, "i1"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<IngestResult>> calls = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    calls.add(() -> engine.ingest(SHOP, batch));
                }
                int accepted = 0;
                for (Future<IngestResult> r : pool.invokeAll(calls)) {
                    accepted += r.get().accepted();
                }
                assertThat(accepted).isEqualTo(1);
                assertThat(f.log.endOffset(SHOP)).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aFailedAppendReleasesTheReservedIds() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            List<Event> batch = List.of(event(f, "e1", EventType.VIEW, "u1", null, "i1"));
            f.log.failAppends(true);
            assertThatThrownBy(() -> engine.ingest(SHOP, batch)).isInstanceOf(StoreException.class);
            f.log.failAppends(false);
            assertThat(engine.ingest(SHOP, batch).accepted()).isEqualTo(1);
        }
    }

    @Test
    void unknownShopIsNotFound() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            assertThatThrownBy(() -> engine.ingest(ShopId.of("ghost"), List.of(f.view("u", "i"))))
                    .isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void ingestReturnsOnlyOnceRealtimeStateReflectsTheEvents() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            engine.upsertItems(SHOP, List.of(EngineFixture.item("i1", "Rake", "GreenCo", 5, true, "Garden")));
            engine.ingest(SHOP, List.of(f.purchase("u1", "o1", "i1")));
            var rec = engine.recommend(new org.shoptide.engine.api.RecommendationRequest(SHOP,
                    org.shoptide.engine.api.Scenario.TRENDING, null, null, null, null, 5, null, true, null));
            assertThat(rec.items()).extracting(r -> r.itemId()).containsExactly("i1");
        }
    }
}
