package org.shoptide.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.feeds.FeedWorld.SHOP;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shoptide.testing.fake.InMemoryFeedStore;
import org.shoptide.testing.fake.MutableClock;

/** Feed definitions: strict one-pass validation, canonical storage, conflicts. */
class FeedDefinitionsTest {
    final InMemoryFeedStore store = new InMemoryFeedStore();
    final FeedDefinitions defs = new FeedDefinitions(store, new MutableClock(Instant.parse("2026-12-01T00:00:00Z")));

    @Test
    void everyProblemIsReportedAtOnceAndNothingIsStored() {
        assertThatThrownBy(() -> defs.create(SHOP, FeedWorld.JSON.readTree("""
                {"id":"bad id!","kind":"ftp","url":"file:///etc/passwd","intervalSeconds":0,"enabled":"yes",
                 "colour":"red","options":{"currency":"euro","auth":{"header":"Host","secret":"plain-secret"},
                 "pages":["x"],"gone":"burn","maxPages":0,"surprise":1}}""")))
                .isInstanceOfSatisfying(FeedRequestException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FeedRequestException.Reason.INVALID);
                    assertThat(e.violations()).extracting(FieldViolation::field).containsExactlyInAnyOrder("colour",
                            "id", "kind", "url", "intervalSeconds", "enabled", "options.surprise", "options.currency",
                            "options.auth.header", "options.auth.secret", "options.pages", "options.maxPages",
                            "options.gone");
                });
        assertThat(store.list(SHOP)).isEmpty();
    }

    @Test
    void optionsAKindDoesNotUseAreRejected() {
        assertThatThrownBy(() -> defs.create(SHOP, FeedWorld.JSON.readTree("""
                {"id":"m","kind":"merchant","url":"https://x.example/f.xml","options":{"mapping":{"id":"/a"},
                 "paging":"cursor","delimiter":";"}}"""))).isInstanceOfSatisfying(FeedRequestException.class,
                e -> assertThat(e.violations()).extracting(FieldViolation::field)
                        .containsExactlyInAnyOrder("options.mapping", "options.paging", "options.delimiter"));
        assertThatThrownBy(() -> defs.create(SHOP, FeedWorld.JSON.readTree("""
                {"id":"j","kind":"json","url":"https://x.example/api","options":{"paging":"next_url",
                 "mapping":{"title":"name","attributes.size":"/size","nope":"/x"}}}"""))).isInstanceOfSatisfying(
                FeedRequestException.class,
                e -> assertThat(e.violations()).extracting(FieldViolation::field).containsExactlyInAnyOrder(
                        "options.nextPath", "options.mapping.title", "options.mapping.nope"));
    }

    @Test
    void aValidFeedIsStoredCanonicallyAndReplaced() throws Exception {
        FeedDefinition d = defs.create(SHOP, FeedWorld.JSON.readTree("""
                {"id":"api","kind":"json","url":"https://api.example/products","intervalSeconds":900,
                 "options":{"paging":"cursor","cursorPath":"/meta/next","mapping":{"title":"/name","id":"/sku"},
                 "currency":"EUR","gone":"out_of_stock"}}"""));
        assertThat(d.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(store.get(SHOP, "api").orElseThrow().options()).isEqualTo(
                "{\"currency\":\"EUR\",\"mapping\":{\"id\":\"/sku\",\"title\":\"/name\"},\"paging\":\"cursor\","
                        + "\"cursorPath\":\"/meta/next\"}");
        assertThat(FeedDefinitions.toJson(defs.get(SHOP, "api").orElseThrow()).get("options").get("paging").asText())
                .isEqualTo("cursor");
        assertThatThrownBy(() -> defs.create(SHOP,
                FeedWorld.JSON.readTree("{\"id\":\"api\",\"kind\":\"csv\",\"url\":\"https://a.example/x.csv\"}")))
                        .isInstanceOfSatisfying(FeedRequestException.class,
                                e -> assertThat(e.reason()).isEqualTo(FeedRequestException.Reason.CONFLICT));
        FeedDefinition replaced = defs.replace(SHOP, "api",
                FeedWorld.JSON.readTree("{\"kind\":\"csv\",\"url\":\"https://a.example/x.csv\",\"enabled\":false}"));
        assertThat(replaced.kind()).isEqualTo(FeedKind.CSV);
        assertThat(replaced.createdAt()).isEqualTo(d.createdAt());
        assertThat(replaced.interval()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> defs.replace(SHOP, "nope", FeedWorld.JSON.readTree("{}"))).isInstanceOfSatisfying(
                FeedRequestException.class,
                e -> assertThat(e.reason()).isEqualTo(FeedRequestException.Reason.NOT_FOUND));
        defs.delete(SHOP, "api");
        assertThat(defs.list(SHOP)).isEmpty();
    }
}
