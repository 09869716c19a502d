package org.shoptide.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityKind;
import org.shoptide.core.profile.IdentityLink;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqliteIdentityGraphStore;

/** Linking rules, confidences, the threshold, conflicts, alias sync and undo, on the SQLite graph store. */
class IdentityGraphTest {
    static final ShopId SHOP = ShopId.of("shop");

    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteIdentityGraphStore store;
    Fixtures.Directory customers;
    IdentityGraph graph;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("s.db"));
        store = new SqliteIdentityGraphStore(db, Clock.systemUTC());
        customers = new Fixtures.Directory();
        graph = new IdentityGraph(store, customers, IdentityRules.defaults(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    static IdentityRecord record(String source, String user, String email, String phone, List<String> anon,
            List<String> devices) {
        return new IdentityRecord(List.of(source), Optional.ofNullable(user), Optional.ofNullable(email),
                Optional.ofNullable(phone), anon, devices);
    }

    static Identifier email(String h) {
        return new Identifier(IdentityKind.EMAIL_SHA256, h);
    }

    static Identifier anon(String a) {
        return new Identifier(IdentityKind.ANONYMOUS, a);
    }

    IdentityLink only(String rule) {
        List<IdentityLink> l = store.links(SHOP).stream().filter(x -> x.rule().equals(rule)).toList();
        assertThat(l).hasSize(1);
        return l.get(0);
    }

    @Test
    void eachRuleLinksWithItsConfidenceAndOnlyLinksAboveTheThresholdMerge() {
        graph.ingest(SHOP, List.of(record("crm", "u1", "e1", "p1", List.of("v1"), List.of()),
                record("shop2", null, "e2", "p2", List.of("v2"), List.of())));
        assertThat(only(IdentityRules.EMAIL).confidence()).isEqualTo(0.95);
        assertThat(only(IdentityRules.PHONE).confidence()).isEqualTo(0.9);
        assertThat(only(IdentityRules.LOGIN).confidence()).isEqualTo(1.0);
        assertThat(only(IdentityRules.EMAIL_PHONE).confidence()).isEqualTo(0.85);
        assertThat(only(IdentityRules.ANONYMOUS_CONTACT).confidence()).isEqualTo(0.6);
        assertThat(only(IdentityRules.LOGIN).sources()).containsExactly("crm");

        IdentityClusters c = graph.clusters(SHOP);
        assertThat(c.userOf(email("e1"))).contains("u1");
        assertThat(c.userOf(anon("v1"))).contains("u1");
        assertThat(c.userOf(email("e2"))).isEmpty(); // no user in that cluster
        // e2-p2 merged (0.85 >= 0.8); v2-e2 (0.6) kept but not merged
        assertThat(c.merged(only(IdentityRules.EMAIL_PHONE).id())).isTrue();
        assertThat(c.merged(only(IdentityRules.ANONYMOUS_CONTACT).id())).isFalse();

        // a stricter threshold leaves the phone link (0.9) out
        IdentityClusters strict = IdentityClusters.of(store.links(SHOP), 0.92);
        assertThat(strict.userOf(new Identifier(IdentityKind.PHONE_SHA256, "p1"))).isEmpty();
        assertThat(strict.userOf(email("e1"))).contains("u1");
    }

    @Test
    void recordsSharingAHashedEmailAreOnePersonAcrossSources() {
        graph.ingest(SHOP, List.of(record("shop", "u1", "e1", null, List.of(), List.of()),
                record("shop2", null, "e1", "p9", List.of(), List.of())));
        assertThat(graph.clusters(SHOP).userOf(new Identifier(IdentityKind.PHONE_SHA256, "p9"))).contains("u1");
    }

    @Test
    void aDeviceSharedByTooManyUsersLinksNobodyAndOneSharedByTwoDoesNotMerge() {
        graph.ingest(SHOP,
                List.of(record("app", "u1", null, null, List.of(), List.of("tablet", "phone-1")),
                        record("app", "u2", null, null, List.of(), List.of("tablet")),
                        record("app", "u3", null, null, List.of(), List.of("tablet")),
                        record("app", "u4", null, null, List.of(), List.of("tablet")),
                        record("app", "u5", null, null, List.of(), List.of("shared-2")),
                        record("app", "u6", null, null, List.of(), List.of("shared-2"))));
        List<IdentityLink> device = store.links(SHOP).stream().filter(l -> l.rule().equals(IdentityRules.DEVICE))
                .toList();
        assertThat(device).extracting(l -> l.b().value()).containsExactlyInAnyOrder("phone-1", "shared-2", "shared-2");
        assertThat(device).filteredOn(l -> l.b().value().equals("phone-1")).extracting(IdentityLink::confidence)
                .containsExactly(0.85);
        assertThat(device).filteredOn(l -> l.b().value().equals("shared-2")).extracting(IdentityLink::confidence)
                .containsExactly(0.425, 0.425);
        IdentityClusters c = graph.clusters(SHOP);
        assertThat(c.userOf(new Identifier(IdentityKind.DEVICE, "phone-1"))).contains("u1");
        assertThat(c.userOf(new Identifier(IdentityKind.DEVICE, "shared-2"))).isEmpty();
    }

    @Test
    void twoUserIdsAreNeverMergedAndTheConflictIsReported() {
        // the same e-mail on two accounts: both links are confident, but the second would merge two users
        graph.ingest(SHOP, List.of(record("crm", "u1", "shared-mail", null, List.of(), List.of()),
                record("crm", "u2", "shared-mail", null, List.of(), List.of())));
        IdentityClusters c = graph.clusters(SHOP);
        assertThat(c.userOf(Identifier.user("u1"))).contains("u1");
        assertThat(c.userOf(Identifier.user("u2"))).contains("u2");
        assertThat(c.conflicts()).hasSize(1);
        assertThat(List.of(c.conflicts().get(0).userId(), c.conflicts().get(0).otherUserId()))
                .containsExactlyInAnyOrder("u1", "u2");
        assertThat(c.membersOf("u2")).doesNotContain(Identifier.user("u1"));
    }

    @Test
    void aliasesFollowTheClustersAndAnUndoReversesThoseNoLongerSupported() {
        // v1 logged in as u1; a CRM export wrongly puts u1's e-mail on visitor v2's record with a phone that is u1's
        graph.ingest(SHOP,
                List.of(record("events", "u1", null, null, List.of("v1"), List.of()),
                        record("crm", "u1", "e1", "p1", List.of(), List.of()),
                        record("crm2", null, "e1", null, List.of(), List.of()),
                        record("shop2", "u1", null, null, List.of("v2"), List.of())));
        IdentityGraph.AliasChanges sync = graph.syncAliases(SHOP, graph.clusters(SHOP));
        assertThat(sync.aliased()).containsExactly("v1", "v2");
        assertThat(customers.aliasOf(SHOP, "v2")).contains("u1");
        assertThat(graph.syncAliases(SHOP, graph.clusters(SHOP)).aliased()).isEmpty(); // idempotent

        IdentityLink wrong = store.links(SHOP).stream()
                .filter(l -> l.rule().equals(IdentityRules.LOGIN) && l.b().value().equals("v2")).findFirst()
                .orElseThrow();
        IdentityGraph.Undo undo = graph.undo(SHOP, wrong.id()).orElseThrow();
        assertThat(undo.link().active()).isFalse();
        assertThat(undo.aliases().unaliased()).containsExactly("v2");
        assertThat(customers.aliasOf(SHOP, "v2")).isEmpty();
        assertThat(customers.aliasOf(SHOP, "v1")).contains("u1");
        assertThat(graph.clusters(SHOP).userOf(anon("v2"))).isEmpty();
        // a later load with the same wrong record does not revive the link
        graph.ingest(SHOP, List.of(record("shop2", "u1", null, null, List.of("v2"), List.of())));
        assertThat(graph.syncAliases(SHOP, graph.clusters(SHOP)).aliased()).isEmpty();
        assertThat(customers.aliasOf(SHOP, "v2")).isEmpty();
        assertThat(graph.undo(SHOP, 987_654)).isEmpty();
    }

    @Test
    void aVisitorTheShopAliasedToAnotherUserIsLeftAloneAndReported() {
        customers.alias(SHOP, "v1", "other");
        graph.ingest(SHOP, List.of(record("events", "u1", null, null, List.of("v1"), List.of())));
        IdentityGraph.AliasChanges sync = graph.syncAliases(SHOP, graph.clusters(SHOP));
        assertThat(sync.skipped()).containsExactly("v1");
        assertThat(customers.aliasOf(SHOP, "v1")).contains("other");
    }

    @Test
    void identitiesShowTheClusterAndEveryTouchingLinkAndEraseDeletesThem() {
        graph.ingest(SHOP,
                List.of(record("crm", "u1", "e1", null, List.of("v1"), List.of()),
                        record("shop2", null, "e1", null, List.of("v9"), List.of()),
                        record("crm", "u2", "e2", null, List.of(), List.of())));
        IdentityGraph.Identities ids = graph.identities(SHOP, "u1");
        assertThat(ids.identifiers()).containsExactly(Identifier.user("u1"), email("e1"), anon("v1"));
        assertThat(ids.links()).hasSize(3);
        assertThat(ids.links()).filteredOn(l -> l.link().rule().equals(IdentityRules.ANONYMOUS_CONTACT)).singleElement()
                .extracting(IdentityGraph.LinkView::merged).isEqualTo(false);

        assertThat(graph.erase(SHOP, "u1")).isEqualTo(3);
        assertThat(store.contains(SHOP, email("e1"))).isFalse();
        assertThat(store.contains(SHOP, anon("v9"))).isTrue(); // a different, unmerged visitor stays
        assertThat(graph.identities(SHOP, "u2").identifiers()).containsExactly(Identifier.user("u2"), email("e2"));
    }
}
