package org.shoptide.engine;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.TrainingReport;

/** Training, model swap, freshness without retraining, and restart. */
class TrainingAndFreshnessTest {

    private static RecommendationRequest forUser(String user, int n) {
        return new RecommendationRequest(SHOP, Scenario.USER, user, null, null, null, n, null, true, null);
    }

    private static long share(Recommendation r, String prefix) {
        return r.items().stream().filter(i -> i.itemId().startsWith(prefix)).count();
    }

    private static List<String> ids(Recommendation r) {
        return r.items().stream().map(RecommendedItem::itemId).toList();
    }

    @Test
    void trainingPublishesAndServesANewVersion() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            assertThat(engine.currentModel(SHOP)).isEmpty();

            TrainingReport report = engine.train(SHOP);

            assertThat(report.eventsRead()).isEqualTo(1000);
            assertThat(report.took()).isPositive();
            assertThat(report.users()).isEqualTo(40);
            assertThat(report.items()).isEqualTo(40);
            assertThat(report.model().version()).isEqualTo(1);
            assertThat(report.model().metadata()).containsEntry("events", "1000").containsEntry("users", "40")
                    .containsKey("tookMillis");
            assertThat(engine.currentModel(SHOP)).contains(report.model());
            Recommendation r = engine.recommend(forUser("u0", 10));
            assertThat(r.modelVersion()).isEqualTo(1);
            // a garden customer gets garden items, explained
            assertThat(share(r, "g")).isGreaterThanOrEqualTo(8);
            assertThat(r.items()).allSatisfy(i -> assertThat(i.reason()).isNotBlank());
            // item scenario: LLR neighbours of the seed first, explained with the seed's title, same department
            Recommendation similar = engine.recommend(
                    new RecommendationRequest(SHOP, Scenario.ITEM, null, null, "g4", null, 5, null, true, null));
            assertThat(similar.items()).hasSize(5).allSatisfy(i -> assertThat(i.itemId()).startsWith("g"))
                    .noneMatch(i -> i.itemId().equals("g4"));
            assertThat(similar.items().get(0).source()).isEqualTo("cooccurrence");
            assertThat(similar.items().get(0).reason()).matches("(viewed|bought) together with Garden tool 4");
        }
    }

    @Test
    void cartComplementsComeFromTheCartItemsNeighbours() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            engine.train(SHOP);
            // k4 and k5 are always bought together in the synthetic shop
            Recommendation r = engine.recommend(new RecommendationRequest(SHOP, Scenario.CART, "u1", null, null,
                    List.of("k4"), 5, null, true, null));
            assertThat(r.items()).hasSize(5).allSatisfy(i -> assertThat(i.itemId()).startsWith("k"))
                    .noneMatch(i -> i.itemId().equals("k4"));
            assertThat(r.items().get(0).itemId()).isEqualTo("k5");
            assertThat(r.items().get(0).source()).isEqualTo("cooccurrence");
            assertThat(r.items().get(0).reason()).isEqualTo("bought together with Kitchen pan 4");
            // without request items the visitor's realtime cart is used
            engine.ingest(SHOP, List.of(new Event(null, org.shoptide.core.event.EventType.ADD_TO_CART, null, "u1", null,
                    null, f.clock.instant(), "k4", 1.0, null, null, null, null, null, null)));
            Recommendation fromState = engine.recommend(
                    new RecommendationRequest(SHOP, Scenario.CART, "u1", null, null, null, 5, null, true, null));
            assertThat(fromState.items()).hasSize(5).noneMatch(i -> i.itemId().equals("k4"));
            assertThat(fromState.items().get(0).itemId()).isEqualTo("k5");
        }
    }

    @Test
    void anEmptyShopTrainsAnEmptyModel() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            TrainingReport report = engine.train(SHOP);
            assertThat(report.eventsRead()).isZero();
            assertThat(report.items()).isZero();
            assertThat(engine.currentModel(SHOP)).contains(report.model());
            assertThat(engine.recommend(forUser("nobody", 5)).items()).isEmpty();
        }
    }

    @Test
    void dailyTrainingUsesTheShopTimeOrTheDefault() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = new DefaultEngine(
                    f.config.withTraining(java.time.LocalTime.of(3, 0), java.time.ZoneId.of("Europe/Berlin"), true),
                    f.shops, f.items, f.users, f.log, f.models, f.clock).withRealtime(InMemoryRealtimeState.FACTORY);
            try {
                engine.start();
                org.shoptide.core.shop.Shop s = engine.createShop(SHOP, "Acme").shop();
                // T0 is 2026-03-02T10:00Z = 11:00 in Berlin: the default 03:00 is tomorrow
                assertThat(engine.nextTraining(SHOP)).contains(java.time.Instant.parse("2026-03-03T02:00:00Z"));
                f.shops.update(new org.shoptide.core.shop.Shop(s.id(), s.name(), s.createdAt(), s.publishableKeyHash(),
                        s.secretKeyHash(), s.customEventWeights(), "23:30"));
                engine.ingest(SHOP, List.of(f.view("u", "i"))); // refreshes the cached shop
                assertThat(engine.nextTraining(SHOP)).contains(java.time.Instant.parse("2026-03-02T22:30:00Z"));
            } finally {
                engine.close();
            }
        }
    }

    @Test
    void recommendationsFollowFreshViewsWithoutRetraining() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            engine.train(SHOP);
            Recommendation before = engine.recommend(forUser("u0", 10));
            assertThat(share(before, "g")).isGreaterThanOrEqualTo(8);

            f.clock.advance(Duration.ofHours(2)); // a new visit
            List<Event> views = new ArrayList<>();
            for (int i = 2; i < 8; i++) {
                views.add(f.view("u0", "k" + i));
            }
            engine.ingest(SHOP, views);

            Recommendation after = engine.recommend(forUser("u0", 10));
            assertThat(after.modelVersion()).isEqualTo(before.modelVersion());
            assertThat(share(after, "k")).isGreaterThanOrEqualTo(6);
            assertThat(after.items().get(0).itemId()).startsWith("k");
        }
    }

    @Test
    void modelSwapsWhileRecommendationsAreServed() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> versions = new ConcurrentLinkedQueue<>();
            CountDownLatch running = new CountDownLatch(2);
            try {
                for (int t = 0; t < 2; t++) {
                    String user = "u" + t;
                    var unused = pool.submit(() -> {
                        running.countDown();
                        long last = -1;
                        while (!stop.get()) {
                            try {
                                Recommendation r = engine.recommend(forUser(user, 10));
                                if (r.items().size() != 10 || r.modelVersion() < last) {
                                    throw new AssertionError("bad answer " + r);
                                }
                                last = r.modelVersion();
                                versions.add(last);
                            } catch (Throwable e) {
                                errors.add(e);
                                return;
                            }
                        }
                    });
                }
                assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
                for (int i = 0; i < 3; i++) {
                    engine.train(SHOP);
                }
            } finally {
                stop.set(true);
                pool.shutdown();
                assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(errors).isEmpty();
            assertThat(versions).isNotEmpty();
            assertThat(engine.recommend(forUser("u0", 10)).modelVersion()).isEqualTo(3);
            // only the configured number of versions is retained
            assertThat(f.models.list(SHOP)).extracting(m -> m.version()).containsExactly(3L, 2L, 1L);
            engine.train(SHOP);
            assertThat(f.models.list(SHOP)).extracting(m -> m.version()).containsExactly(4L, 3L, 2L);
        }
    }

    @Test
    void aRestartedEngineLoadsTheModelAndRebuildsRealtimeState() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = f.engine();
            engine.createShop(SHOP, "Acme");
            f.syntheticShop(engine);
            engine.train(SHOP);
            f.clock.advance(Duration.ofHours(2));
            engine.ingest(SHOP, List.of(f.view("u0", "k2"), f.view("u0", "k3"), f.purchase("u0", "o-x", "k4")));
            Recommendation before = engine.recommend(forUser("u0", 10));
            engine.close();

            DefaultEngine restarted = f.engine();

            assertThat(restarted.currentModel(SHOP)).isEqualTo(engine.currentModel(SHOP));
            Recommendation after = restarted.recommend(forUser("u0", 10));
            assertThat(after.modelVersion()).isEqualTo(1);
            assertThat(ids(after)).isEqualTo(ids(before)).doesNotContain("k4");
        }
    }
}
