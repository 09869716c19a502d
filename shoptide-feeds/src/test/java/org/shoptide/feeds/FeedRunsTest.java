package org.shoptide.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.feeds.FeedWorld.SHOP;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;

/** The diff between runs, failing input that changes nothing, scheduling and the stored report. */
class FeedRunsTest {
    FeedWorld w;
    final AtomicReference<String> csv = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        w = new FeedWorld();
        w.site.route("/feed.csv", (ex, hit) -> FakeSite.send(ex, 200, "text/csv", csv.get()));
    }

    @AfterEach
    void stop() {
        w.close();
    }

    private void csvFeed(String id, String options) throws Exception {
        w.feed("{\"id\":\"%s\",\"kind\":\"csv\",\"url\":\"%s\",\"intervalSeconds\":600,\"options\":%s}".formatted(id,
                w.site.url("/feed.csv"), options));
    }

    @Test
    void theDiffNamesNewChangedGoneStockAndPriceChanges() throws Exception {
        csvFeed("c", "{\"currency\":\"JPY\"}");
        Item manual = new Item("manual", "Added by hand", null, 1.0, "JPY", null, List.of(), Map.of(), List.of(), true,
                null, null);
        w.catalog.put(SHOP, manual);
        csv.set("""
                id,title,price,availability
                a,Apple,100,in stock
                b,Banana,200,in stock
                c,Cherry,300,in stock
                d,Date,400,out of stock
                """);
        FeedReport first = w.run("c");
        assertThat(first.counts()).isEqualTo(new FeedReport.Counts(4, 0, 0, 0, 0, 0));
        assertThat(first.itemsRead()).isEqualTo(4);

        csv.set("""
                id,title,price,availability
                a,Apple,100,in stock
                b,Banana (ripe),250,in stock
                d,Date,400,in stock
                e,Elderberry,50,in stock
                """);
        FeedReport second = w.run("c");
        assertThat(second.counts()).isEqualTo(new FeedReport.Counts(1, 2, 1, 1, 2, 1));
        assertThat(second.changes()).containsExactly(
                new ItemChange("b", ItemChange.Kind.CHANGED, List.of("title", "price"), 200L, 250L, "JPY", true, true),
                new ItemChange("c", ItemChange.Kind.GONE, List.of("inStock"), 300L, 300L, "JPY", true, false),
                new ItemChange("d", ItemChange.Kind.CHANGED, List.of("inStock"), 400L, 400L, "JPY", false, true),
                new ItemChange("e", ItemChange.Kind.CREATED, List.of(), null, 50L, "JPY", null, true));
        Map<String, Item> items = w.catalog.items(SHOP);
        assertThat(items.get("c").inStock()).isFalse();
        assertThat(items.get("b").price()).isEqualTo(250.0);
        assertThat(items.get("manual")).isEqualTo(manual); // not this feed's: never gone
        assertThat(w.counter("shoptide.feed.items.changed", null)).isEqualTo(8.0);

        FeedReport third = w.run("c");
        assertThat(third.counts()).isEqualTo(new FeedReport.Counts(0, 0, 0, 5, 0, 0));
    }

    @Test
    void goneItemsCanBeDeletedOrKept() throws Exception {
        csvFeed("del", "{\"gone\":\"delete\"}");
        csv.set("id\nx\ny\n");
        w.run("del");
        csv.set("id\nx\n");
        FeedReport r = w.run("del");
        assertThat(r.counts().gone()).isEqualTo(1);
        assertThat(w.catalog.items(SHOP)).containsOnlyKeys("x");

        w.definitions.replace(SHOP, "del",
                FeedWorld.JSON.readTree("{\"kind\":\"csv\",\"url\":\"%s\",\"options\":{\"gone\":\"keep\"}}"
                        .formatted(w.site.url("/feed.csv"))));
        csv.set("id\nz\n");
        FeedReport kept = w.run("del");
        assertThat(kept.counts().gone()).isZero();
        assertThat(w.catalog.items(SHOP)).containsOnlyKeys("x", "z");
        assertThat(w.catalog.get(SHOP, "x").inStock()).isTrue();
    }

    @Test
    void malformedDataFailsWithAPreciseErrorAndAppliesNothing() throws Exception {
        csvFeed("c", "{}");
        csv.set("id,price\nok,1.00 EUR\n");
        w.run("c");
        int applies = w.catalog.applies.get();

        csv.set("id,price\nok,2.00 EUR\nbad,\"3.00 EUR\n");
        FeedReport unclosed = w.run("c");
        assertThat(unclosed.outcome()).isEqualTo(FeedReport.Outcome.FAILURE);
        assertThat(unclosed.errors()).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).isEqualTo("malformed CSV: a quoted field is never closed");
        });

        csv.set("id,price,availability\nok,2.00 EUR,in stock\nx1,twelve,in stock\nx2,1 EUR,maybe\nx3,1,2,3\n");
        FeedReport invalid = w.run("c");
        assertThat(invalid.errors()).extracting(FeedError::toString).containsExactly(
                w.site.url("/feed.csv") + " page 1 line 5 item #3: the row has 4 fields, the header 3");
        csv.set("id,price,availability\nok,2.00 EUR,in stock\nx1,twelve,in stock\nx2,1 EUR,maybe\n");
        FeedReport items = w.run("c");
        assertThat(items.errors()).extracting(e -> e.line() + " " + e.item() + " " + e.field())
                .containsExactly("3 x1 price", "4 x2 availability");
        csv.set("id,price\nok,2.00 EUR\nok,3.00 EUR\n");
        assertThat(w.run("c").errors()).extracting(FeedError::message)
                .containsExactly("duplicate item id 'ok' in the batch");
        assertThat(w.catalog.applies.get()).isEqualTo(applies);
        assertThat(w.catalog.get(SHOP, "ok").price()).isEqualTo(1.0);

        w.site.serve("/bad.json", "application/json", "{\"items\": [\n {\"id\": \"a\",}\n]}");
        w.feed("{\"id\":\"j\",\"kind\":\"json\",\"url\":\"%s\",\"options\":{\"itemsPath\":\"/items\"}}"
                .formatted(w.site.url("/bad.json")));
        FeedError json = w.run("j").errors().get(0);
        assertThat(json.line()).isEqualTo(2);
        assertThat(json.message()).startsWith("malformed JSON at column");

        w.site.serve("/bad.xml", "application/xml", "<rss xmlns:g=\"http://base.google.com/ns/1.0\"><channel>\n<item>"
                + "<g:id>1</g:id>\n</channel></rss>");
        w.feed("{\"id\":\"x\",\"kind\":\"merchant\",\"url\":\"%s\"}".formatted(w.site.url("/bad.xml")));
        FeedError xml = w.run("x").errors().get(0);
        assertThat(xml.line()).isEqualTo(3);
        assertThat(xml.message()).startsWith("malformed XML");

        w.site.serve("/xxe.xml", "application/xml", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM"
                + " \"file:///etc/passwd\">]><rss><channel><item><g:id xmlns:g=\"http://base.google.com/ns/1.0\">&e;"
                + "</g:id></item></channel></rss>");
        w.feed("{\"id\":\"xxe\",\"kind\":\"merchant\",\"url\":\"%s\"}".formatted(w.site.url("/xxe.xml")));
        assertThat(w.run("xxe").outcome()).isEqualTo(FeedReport.Outcome.FAILURE);
        assertThat(w.catalog.items(SHOP)).containsOnlyKeys("ok");
    }

    @Test
    void anEmptiedFeedDoesNotWipeTheCatalog() throws Exception {
        csvFeed("c", "{}");
        csv.set("id\na\n");
        w.run("c");
        csv.set("id\n");
        FeedReport r = w.run("c");
        assertThat(r.outcome()).isEqualTo(FeedReport.Outcome.FAILURE);
        assertThat(r.errors().get(0).message()).startsWith("the feed lists no items");
        assertThat(w.catalog.get(SHOP, "a").inStock()).isTrue();
    }

    @Test
    void runDueRunsEachEnabledFeedWhenItsIntervalHasElapsed() throws Exception {
        csv.set("id\na\n");
        csvFeed("due", "{}");
        w.feed("{\"id\":\"off\",\"kind\":\"csv\",\"url\":\"%s\",\"enabled\":false}".formatted(w.site.url("/feed.csv")));
        assertThat(w.service.runDue(w.clock.instant())).extracting(FeedReport::feedId).containsExactly("due");
        w.clock.advance(Duration.ofSeconds(599));
        assertThat(w.service.runDue(w.clock.instant())).isEmpty();
        w.clock.advance(Duration.ofSeconds(1));
        csv.set("id\na\nb\n");
        List<FeedReport> reports = w.service.runDue(w.clock.instant());
        assertThat(reports).singleElement().satisfies(r -> assertThat(r.counts().created()).isEqualTo(1));
        assertThat(w.site.hits("/feed.csv")).hasSize(2);
        FeedReport stored = w.service.lastReport(SHOP, "due").orElseThrow();
        assertThat(stored).isEqualTo(reports.get(0));
        assertThat(FeedReportJson.read(FeedReportJson.write(stored))).isEqualTo(stored);
        assertThat(w.service.lastReport(SHOP, "off")).isEmpty();
    }
}
