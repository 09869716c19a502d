package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.importer.Importer;
import org.shoptide.server.importer.Importer.Format;
import org.shoptide.server.importer.Importer.Kind;
import org.shoptide.server.importer.Importer.Report;

class ImporterTest {
    static final ShopId SHOP = ShopId.of("imp");
    @TempDir
    Path dir;
    InMemoryEngine memory;
    Engine engine;
    ByteArrayOutputStream progress;
    Importer importer;

    @AfterEach
    void tearDown() {
        memory.close();
    }

    @BeforeEach
    void setUp() {
        memory = new InMemoryEngine(Clock.systemUTC());
        engine = memory.engine;
        engine.createShop(SHOP, "Import shop");
        progress = new ByteArrayOutputStream();
        importer = new Importer(engine, new PrintStream(progress, true, StandardCharsets.UTF_8), Clock.systemUTC());
    }

    @Test
    void jsonlEventsWithBadLinesStoreNothingAndNameEveryLine() throws Exception {
        String good = "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}";
        List<String> lines = new java.util.ArrayList<>(IntStream.range(0, 50).mapToObj(i -> good).toList());
        lines.set(4, "{\"type\":\"view\",\"userId\":\"u\"}"); // line 5: no itemId
        lines.set(9, "{not json"); // line 10
        lines.set(19,
                "{\"type\":\"purchase\",\"userId\":\"u\",\"orderId\":\"o\",\"lineItems\":[{\"itemId\":\"i\",\"currency\":\"GBP\"}]}"); // line
                                                                                                                                       // 20
        lines.set(39, "{\"type\":\"view\",\"itemId\":\"i\",\"timestamp\":\"nope\"}"); // line 40: two problems
        Path f = dir.resolve("events.jsonl");
        Files.write(f, lines);
        Report r = importer.importFile(SHOP, Kind.EVENTS, Format.JSONL, f);
        assertThat(r.written()).isFalse();
        assertThat(r.rows()).isEqualTo(49);
        assertThat(r.errors()).extracting(Importer.LineError::line).containsExactly(5L, 10L, 20L, 40L, 40L);
        assertThat(r.errors().get(2).field()).isEqualTo("lineItems[0].price");
        assertThat(r.errors()).extracting(Importer.LineError::field).contains("userId", "timestamp");
        assertThat(memory.events(SHOP)).isEmpty();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("validate").contains("100%").contains("MB/s");
    }

    @Test
    void csvEventsImportAllOrNothingAndRerunIsIdempotent() throws Exception {
        String csv = "eventId,type,userId,itemId,timestamp,price,quantity,currency,orderId\n"
                + IntStream.range(0, 2500)
                        .mapToObj(i -> (i == 7 ? "own-id" : "") + ",view,u" + (i % 10) + ",item" + (i % 40)
                                + ",2026-01-0" + (1 + i % 9) + "T10:00:00Z,,,,")
                        .collect(Collectors.joining("\n"))
                + "\n,purchase,u1,item3,2026-01-10T10:00:00Z,4.95,2,GBP,o-1\n";
        Path f = dir.resolve("events.csv");
        Files.writeString(f, csv);
        Report r = importer.importFile(SHOP, Kind.EVENTS, Format.CSV, f);
        assertThat(r.errors()).isEmpty();
        assertThat(r.written()).isTrue();
        assertThat(r.accepted()).isEqualTo(2501);
        List<Event> stored = memory.events(SHOP);
        assertThat(stored).hasSize(2501);
        assertThat(stored.get(7).clientEventId()).isEqualTo("own-id");
        assertThat(stored.get(0).clientEventId()).matches("import:[0-9a-f]{16}:2");
        Event purchase = stored.get(2500);
        assertThat(purchase.type()).isEqualTo(EventType.PURCHASE);
        assertThat(purchase.lineItems()).hasSize(1);
        assertThat(purchase.lineItems().get(0).quantity()).isEqualTo(2);
        assertThat(purchase.orderId()).isEqualTo("o-1");

        // a crash during the write phase is resumed by running the same import again: nothing is stored twice
        Report again = importer.importFile(SHOP, Kind.EVENTS, Format.CSV, f);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(2501);
        assertThat(memory.events(SHOP)).hasSize(2501);
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("write").contains("events/s");
    }

    @Test
    void csvBadRowsAreAllReportedWithLineNumbers() throws Exception {
        String csv = "type,userId,itemId,timestamp\n" + "view,u,i,2026-01-01T00:00:00Z\n" // line 2 ok
                + "view,u,,2026-01-01T00:00:00Z\n" // line 3: no item
                + "view,u,i\n" // line 4: column count
                + "rate,u,\"i,2\",\"yesterday\"\n" // line 5: bad timestamp (quoted comma is fine)
                + "view,u,i,2026-01-01T00:00:00Z\n";
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, csv);
        Report r = importer.importFile(SHOP, Kind.EVENTS, Format.CSV, f);
        assertThat(r.written()).isFalse();
        assertThat(r.errors()).extracting(Importer.LineError::line).containsExactly(3L, 4L, 5L, 5L); // 5: timestamp and
                                                                                                     // value
        assertThat(r.errors().get(1).message()).contains("expected 4 columns");
        assertThat(memory.events(SHOP)).isEmpty();

        Files.writeString(f, "type,userId,itemid\nview,u,i\n");
        Report header = importer.importFile(SHOP, Kind.EVENTS, Format.CSV, f);
        assertThat(header.errors().get(0).toString()).contains("line 1").contains("unknown column 'itemid'");
    }

    @Test
    void itemsCsvInOneTransaction() throws Exception {
        Path f = dir.resolve("items.csv");
        Files.writeString(f, """
                id,title,price,currency,category,tags,inStock,attr.colour
                a,"Candle, white",2.5,GBP,Home > Candles,gift|white,true,white
                b,Mug,3,GBP,Kitchen,,false,
                """);
        Report r = importer.importFile(SHOP, Kind.ITEMS, Format.CSV, f);
        assertThat(r.written()).isTrue();
        assertThat(engine.item(SHOP, "a").orElseThrow().title()).isEqualTo("Candle, white");
        assertThat(engine.item(SHOP, "a").orElseThrow().categoryPath()).containsExactly("Home", "Candles");
        assertThat(engine.item(SHOP, "a").orElseThrow().tags()).containsExactly("gift", "white");
        assertThat(engine.item(SHOP, "a").orElseThrow().attributes()).containsEntry("colour", "white");
        assertThat(engine.item(SHOP, "b").orElseThrow().inStock()).isFalse();

        Path bad = dir.resolve("items.jsonl");
        Files.writeString(bad,
                "{\"id\":\"c\",\"title\":\"ok\"}\n{\"id\":\"d\",\"price\":\"free\"}\n{\"title\":\"no id\"}\n{\"id\":\"c\",\"title\":\"again\"}\n");
        Report rb = importer.importFile(SHOP, Kind.ITEMS, Format.JSONL, bad);
        assertThat(rb.written()).isFalse();
        assertThat(rb.errors()).extracting(Importer.LineError::line).containsExactly(2L, 3L, 4L);
        assertThat(rb.errors().get(2).message()).contains("duplicate item id 'c' (first on line 1)");
        assertThat(engine.item(SHOP, "c")).isEmpty();
    }

    @Test
    void anEngineOnlyRuleIsCheckedOverTheWholeFileBeforeAnythingIsWritten() throws Exception {
        // rows 1..1500 are fine; row 1501 is a rating out of the engine's range, which only the engine checks
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 1500; i++) {
            b.append("{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i").append(i).append("\"}\n");
        }
        Path f = dir.resolve("e.jsonl");
        Files.writeString(f, b + "{\"type\":\"rate\",\"userId\":\"u\",\"itemId\":\"i\",\"rating\":9}\n");
        Report r = importer.importFile(SHOP, Kind.EVENTS, Format.JSONL, f);
        assertThat(r.written()).isFalse();
        assertThat(r.accepted()).isZero();
        assertThat(r.errors()).extracting(Importer.LineError::line).containsExactly(1501L);
        assertThat(memory.events(SHOP)).isEmpty(); // the first 1,000 valid rows were not written either

        Files.writeString(f, b + "{\"type\":\"rate\",\"userId\":\"u\",\"itemId\":\"i\",\"rating\":4}\n");
        Report fixed = importer.importFile(SHOP, Kind.EVENTS, Format.JSONL, f);
        assertThat(fixed.written()).isTrue();
        assertThat(fixed.accepted()).isEqualTo(1501);
        assertThat(memory.events(SHOP)).hasSize(1501);
    }
}
