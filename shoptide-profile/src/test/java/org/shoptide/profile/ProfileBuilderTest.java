package org.shoptide.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.profile.Fixtures.row;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.LifeEvent;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqliteIdentityGraphStore;
import org.shoptide.embedded.sqlite.SqliteProfileStore;

/** Rows of one person combined through the identity graph, stored, written as traits, removed when gone. */
class ProfileBuilderTest {
    static final ShopId SHOP = ShopId.of("shop");
    static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");
    static final LifeEvent MOVED = new LifeEvent(LifeEvent.MOVED_HOUSE, LocalDate.parse("2026-11-20"),
            "property_register");

    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteProfileStore profiles;
    SqliteIdentityGraphStore graphStore;
    Fixtures.Directory customers;
    Fixtures.MemoryMart mart;
    ProfileBuilder builder;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("s.db"));
        profiles = new SqliteProfileStore(db);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        graphStore = new SqliteIdentityGraphStore(db, clock);
        customers = new Fixtures.Directory();
        mart = new Fixtures.MemoryMart();
        IdentityGraph graph = new IdentityGraph(graphStore, customers, IdentityRules.defaults(), clock);
        builder = new ProfileBuilder(mart, graph, profiles, customers, shop -> List.of(), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void rowsOfOnePersonAreCombinedAndWrittenAsTraits() {
        customers.users.upsert(SHOP, new User("u1", Map.of("segment", "vip", "area", "stale"), null, null));
        mart.publish(SHOP,
                List.of(row("u:u1", "u1", "e1", null, List.of("v1"), 3, 30_000, 10L,
                        List.of(new CategoryAffinity("Decor", 0.75), new CategoryAffinity("Lighting", 0.25)), List.of(),
                        null, null, "orders"),
                        // a second shop's export knows the customer by e-mail only, with another order and the area
                        row("e:e1", null, "e1", "p1", List.of(), 1, 5_000, 3L,
                                List.of(new CategoryAffinity("Garden", 1.0)), List.of(), "Riverside", "premium",
                                "shop2_orders"),
                        // the property register matched the phone
                        row("e:p-only", null, null, "p1", List.of(), 0, 0, null, List.of(), List.of(MOVED), null, null,
                                "property_register"),
                        // a stranger known only from outside
                        row("e:zz", null, "zz", null, List.of(), 2, 100, 40L, List.of(), List.of(), null, null,
                                "shop2_orders")));

        ProfileBuilder.Report report = builder.rebuild(SHOP);
        assertThat(report.rows()).isEqualTo(4);
        assertThat(report.profiles()).isEqualTo(1);
        assertThat(report.unresolvedRows()).isEqualTo(1);
        assertThat(report.aliases().aliased()).containsExactly("v1");
        assertThat(customers.profilesChanged).isEqualTo(1);

        CustomerProfile p = profiles.get(SHOP, "u1").orElseThrow();
        assertThat(p.frequency()).isEqualTo(4);
        assertThat(p.monetaryMinor()).isEqualTo(35_000);
        assertThat(p.recencyDays()).hasValue(3);
        assertThat(p.lastPurchase()).contains(LocalDate.parse("2026-11-28"));
        // shares weighted by frequency: Decor 3*0.75/4, Garden 1/4, Lighting 3*0.25/4
        assertThat(p.categories()).containsExactly(new CategoryAffinity("Decor", 0.5625),
                new CategoryAffinity("Garden", 0.25), new CategoryAffinity("Lighting", 0.1875));
        assertThat(p.lifeEvents()).containsExactly(MOVED);
        assertThat(p.area()).contains("Riverside");
        assertThat(p.areaTier()).contains("premium");
        assertThat(p.factSources()).containsEntry("rfm", List.of("orders", "shop2_orders"))
                .containsEntry("life_events", List.of("property_register"))
                .containsEntry("area", List.of("shop2_orders"));
        assertThat(p.sources()).containsOnlyKeys("orders", "property_register", "shop2_orders");
        assertThat(p.version()).isEqualTo(1);

        Map<String, String> traits = customers.traits(SHOP, "u1");
        assertThat(traits).containsEntry("segment", "vip").containsEntry("life_event.moved_house", "2026-11-20")
                .containsEntry("area", "Riverside").containsEntry("area_tier", "premium")
                .containsEntry("rfm", "champion").containsEntry("rfm_frequency", "4")
                .containsEntry("top_category", "Decor");
        assertThat(customers.aliasOf(SHOP, "v1")).contains("u1");

        // the same mart again: same facts, next version
        builder.rebuild(SHOP);
        assertThat(profiles.get(SHOP, "u1").orElseThrow()).isEqualTo(p.withVersion(2));
    }

    @Test
    void aUserGoneFromTheMartLosesProfileAndItsTraitsButKeepsOthers() {
        mart.publish(SHOP, List.of(row("u:u1", "u1", null, null, List.of(), 1, 10, 5L, List.of(), List.of(MOVED), null,
                "budget", "orders")));
        builder.rebuild(SHOP);
        customers.replaceTraits(SHOP, "u1",
                ProfileTraits.merge(Map.of("segment", "vip"), customers.traits(SHOP, "u1")));
        assertThat(customers.traits(SHOP, "u1")).containsKeys("life_event.moved_house", "area_tier", "segment");

        mart.publish(SHOP, List.of());
        ProfileBuilder.Report r = builder.rebuild(SHOP);
        assertThat(r.removedProfiles()).isEqualTo(1);
        assertThat(profiles.get(SHOP, "u1")).isEmpty();
        assertThat(customers.traits(SHOP, "u1")).isEqualTo(Map.of("segment", "vip"));
    }

    @Test
    void segmentsFollowRecencyAndFrequency() {
        assertThat(ProfileTraits.segment(profile(0, null))).isEqualTo("prospect");
        assertThat(ProfileTraits.segment(profile(1, 10L))).isEqualTo("new");
        assertThat(ProfileTraits.segment(profile(5, 10L))).isEqualTo("champion");
        assertThat(ProfileTraits.segment(profile(5, 60L))).isEqualTo("loyal");
        assertThat(ProfileTraits.segment(profile(2, 100L))).isEqualTo("at_risk");
        assertThat(ProfileTraits.segment(profile(9, 200L))).isEqualTo("lapsed");
        assertThat(ProfileTraits.segment(profile(1, 60L))).isEqualTo("regular");
    }

    private static CustomerProfile profile(long frequency, Long recency) {
        return ProfileCombiner.combine("u", List.of(row("u:u", "u", null, null, List.of(), frequency, 0, recency,
                List.of(), List.of(), null, null, "orders")), NOW);
    }
}
