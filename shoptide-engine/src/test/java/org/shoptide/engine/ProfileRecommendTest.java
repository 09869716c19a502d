package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.LifeEvent;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqliteProfileStore;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;

/** The customer-360 profile reaching the recommender, and undoing a merge, through a real engine. */
class ProfileRecommendTest {

    @TempDir
    Path dir;

    /** Decoration d0..d7, home renovation r0..r7, DIY x0..x3; 30 shoppers browse each department in sessions. */
    private static DefaultEngine shop(EngineFixture f, SqliteProfileStore profiles) {
        DefaultEngine engine = new DefaultEngine(f.config, f.shops, f.items, f.users, f.rules, f.experiments, f.log,
                f.models, f.clock, f.random).withRealtime(InMemoryRealtimeState.FACTORY);
        if (profiles != null) {
            engine.withProfiles(profiles, Duration.ofMinutes(5));
        }
        engine.start();
        engine.createShop(SHOP, "Home store");
        List<Item> catalog = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            catalog.add(item("d" + i, "Wall decoration " + i, "Deco", 20 + i, true, "Decoration"));
            catalog.add(item("r" + i, "Renovation kit " + i, "Build", 40 + i, true, "Home Renovation"));
        }
        for (int i = 0; i < 4; i++) {
            catalog.add(item("x" + i, "DIY drill " + i, "Tool", 60 + i, true, "DIY"));
        }
        engine.upsertItems(SHOP, catalog);
        List<Event> events = new ArrayList<>();
        for (int u = 0; u < 30; u++) {
            String dept = u % 2 == 0 ? "d" : "r";
            for (int i = 0; i < 8; i++) {
                if ((i + u) % 3 != 0) {
                    events.add(f.view("s" + u, dept + i));
                }
            }
            events.add(f.view("s" + u, "x" + (u % 4)));
        }
        // the customer's own history: decoration only
        for (String d : List.of("d0", "d1", "d2", "d3")) {
            events.add(f.view("c1", d));
        }
        engine.ingest(SHOP, events);
        engine.train(SHOP);
        return engine;
    }

    private static RecommendationRequest forCustomer(String user) {
        return new RecommendationRequest(SHOP, Scenario.USER, user, null, null, null, 6, null, true, null);
    }

    private static int firstIn(Recommendation r, String prefix) {
        for (RecommendedItem i : r.items()) {
            if (i.itemId().startsWith(prefix)) {
                return i.position();
            }
        }
        return Integer.MAX_VALUE;
    }

    private static CustomerProfile movedHouse(String user, LocalDate day) {
        return new CustomerProfile(user, Optional.empty(), OptionalLong.empty(), 0, 0, OptionalDouble.empty(),
                OptionalDouble.empty(), List.of(new CategoryAffinity("Decoration", 1.0)),
                List.of(new LifeEvent(LifeEvent.MOVED_HOUSE, day, "property_register")), Optional.empty(),
                Optional.empty(), Map.of("life_events", List.of("property_register")), Map.of(), EngineFixture.T0, 0);
    }

    @Test
    void aCustomerWhoJustBoughtAHouseGetsRenovationAheadOfDecorationOnlyWithTheProfile() {
        LocalDate fiveDaysAgo = EngineFixture.T0.atZone(ZoneOffset.UTC).toLocalDate().minusDays(5);
        try (EngineFixture without = new EngineFixture()) {
            Recommendation plain = shop(without, null).recommend(forCustomer("c1"));
            assertThat(firstIn(plain, "d")).isLessThan(firstIn(plain, "r"));
            assertThat(plain.items()).extracting(RecommendedItem::source).doesNotContain(ProfileSource.NAME);
        }
        try (EngineFixture with = new EngineFixture();
                SqliteDatabase db = new SqliteDatabase(dir.resolve("p.db"))) {
            SqliteProfileStore profiles = new SqliteProfileStore(db);
            DefaultEngine engine = shop(with, profiles);
            // a profile written after the engine cached "no profile" shows once the rebuild tells the engine
            assertThat(firstIn(engine.recommend(forCustomer("c1")), "d")).isEqualTo(1);
            profiles.put(SHOP, movedHouse("c1", fiveDaysAgo));
            engine.profilesChanged(SHOP);

            Recommendation r = engine.recommend(forCustomer("c1"));
            assertThat(r.items().get(0).itemId()).startsWith("r");
            assertThat(firstIn(r, "r")).isLessThan(firstIn(r, "d"));
            assertThat(r.items().get(0).source()).isEqualTo(ProfileSource.NAME);
            assertThat(r.items().get(0).reason()).isEqualTo("profile: moved house → Home Renovation");
            // a customer without a profile is served as before
            Recommendation other = engine.recommend(forCustomer("s0"));
            assertThat(other.items()).extracting(RecommendedItem::source).doesNotContain(ProfileSource.NAME);

            // the shop maps the life event to DIY only: drills come first
            profiles.replaceLifeEventCategories(SHOP, Map.of(LifeEvent.MOVED_HOUSE, List.of("DIY")));
            engine.profilesChanged(SHOP);
            assertThat(engine.recommend(forCustomer("c1")).items().get(0).itemId()).startsWith("x");
        }
    }

    @Test
    void anOldLifeEventWeighsLessThanARecentOne() {
        LocalDate today = EngineFixture.T0.atZone(ZoneOffset.UTC).toLocalDate();
        Map<String, List<String>> mapping = ShopProfiles.DEFAULT_LIFE_EVENT_CATEGORIES;
        double recent = ProfileSource.categoryWeights(movedHouse("u", today), mapping, EngineFixture.T0.toEpochMilli())
                .get("home renovation").weight();
        double old = ProfileSource
                .categoryWeights(movedHouse("u", today.minusDays(90)), mapping, EngineFixture.T0.toEpochMilli())
                .get("home renovation").weight();
        assertThat(recent).isEqualTo(1.0);
        assertThat(old).isEqualTo(0.5);
    }

    @Test
    void undoingAMergeRebuildsTheUserWithoutTheVisitorsEvents() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f, null);
            engine.ingest(SHOP, List.of(new Event(null, EventType.VIEW, null, null, "v-9", null, f.clock.instant(),
                    "r5", null, null, null, null, null, null, null)));
            engine.alias(SHOP, "v-9", "c1");
            assertThat(snapshot(engine, "c1").recentItems()).contains("r5", "d0");

            assertThat(engine.unalias(SHOP, "v-9", "c1")).isTrue();
            assertThat(f.users.resolveAlias(SHOP, "v-9")).isEmpty();
            assertThat(snapshot(engine, "c1").recentItems()).contains("d0", "d3").doesNotContain("r5");
            assertThat(snapshot(engine, "v-9").recentItems()).containsExactly("r5");
            assertThat(engine.unalias(SHOP, "v-9", "c1")).isFalse();
        }
    }

    private static UserSnapshot snapshot(DefaultEngine engine, String subject) {
        return engine.runtimeOf(SHOP).realtime.user(subject).orElseThrow();
    }
}
