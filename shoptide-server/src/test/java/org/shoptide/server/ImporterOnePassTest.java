package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.EngineConfig;
import org.shoptide.server.importer.Importer;
import org.shoptide.server.importer.Importer.Format;
import org.shoptide.server.importer.Importer.Kind;
import org.shoptide.server.importer.Importer.LineError;
import org.shoptide.server.importer.Importer.Report;
import org.shoptide.testing.fake.InMemoryEventLog;
import org.shoptide.testing.fake.InMemoryExperimentStore;
import org.shoptide.testing.fake.InMemoryItemStore;
import org.shoptide.testing.fake.InMemoryModelStore;
import org.shoptide.testing.fake.InMemoryRuleStore;
import org.shoptide.testing.fake.InMemoryShopStore;
import org.shoptide.testing.fake.InMemoryUserStore;
import org.shoptide.testing.fake.MutableClock;

/** {@code shoptide import} over the real engine reports every bad line and field in one run and stores nothing. */
class ImporterOnePassTest {
    private static final ShopId SHOP = ShopId.of("imp");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final InMemoryEventLog log = new InMemoryEventLog();
    private final InMemoryItemStore items = new InMemoryItemStore(clock);
    @TempDir
    Path dir;
    private DefaultEngine engine;
    private Importer importer;

    @BeforeEach
    void setUp() {
        engine = new DefaultEngine(EngineConfig.defaults(), new InMemoryShopStore(), items,
                new InMemoryUserStore(clock), new InMemoryRuleStore(), new InMemoryExperimentStore(), log,
                new InMemoryModelStore(clock), clock, new Random(1)).withRealtime(InMemoryRealtimeState.FACTORY);
        engine.start();
        engine.createShop(SHOP, "Import shop");
        importer = new Importer(engine, new PrintStream(OutputStream.nullOutputStream()), clock);
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    @Test
    void structuralAndRuleErrorsOfAFileAreReportedTogether() throws Exception {
        Path f = dir.resolve("events.jsonl");
        Files.write(f, List.of("{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}", // fine
                "{\"type\":\"view\",\"userId\":\"u\"}", // line 2: structural, no itemId
                "{\"type\":\"rate\",\"userId\":\"u\",\"itemId\":\"i\",\"rating\":42}", // line 3: rule, as rating
                "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\",\"timestamp\":\"2020-01-01T00:00:00Z\"}", // 4
                "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\",\"eventId\":\"e\\u0000\"}", // 5: control char
                "{\"type\":\"wishlist\",\"userId\":\"u\",\"itemId\":\"i\"}")); // line 6: unconfigured custom type
        Report r = importer.importFile(SHOP, Kind.EVENTS, Format.JSONL, f);
        assertThat(r.written()).isFalse();
        assertThat(r.errors()).extracting(LineError::line, LineError::field).containsExactly(tuple(2L, "itemId"),
                tuple(3L, "rating"), tuple(4L, "timestamp"), tuple(5L, "eventId"), tuple(6L, "type"));
        assertThat(r.errors().get(3).message()).contains("control character U+0000");
        assertThat(log.endOffset(SHOP)).isZero();
    }

    @Test
    void badItemsOfBothKindsAreReportedTogether() throws Exception {
        Path f = dir.resolve("items.csv");
        Files.write(f, List.of("id,title,price,currency", "a,A,1.0,EUR", "b,B,notanumber,EUR", "c,C,2.0,euro",
                "d\u0085,D,1.0,EUR"));
        Report r = importer.importFile(SHOP, Kind.ITEMS, Format.CSV, f);
        assertThat(r.written()).isFalse();
        assertThat(r.errors()).extracting(LineError::line, LineError::field).containsExactly(tuple(3L, "price"),
                tuple(4L, "currency"), tuple(5L, "id"));
        assertThat(items.get(SHOP, "a")).isEmpty();
    }
}
