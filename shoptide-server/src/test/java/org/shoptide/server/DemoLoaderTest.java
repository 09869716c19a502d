package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.cli.ShoptideCli;
import org.shoptide.server.demo.OnlineRetail;

class DemoLoaderTest {
    static final ShopId SHOP = ShopId.of("demo");
    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    /** A few hundred rows in the shipped file's format, with the cases the loader must filter. */
    static String slice() {
        StringBuilder b = new StringBuilder(
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n");
        for (int inv = 0; inv < 60; inv++) {
            String invoice = Integer.toString(536400 + inv);
            String customer = Integer.toString(17800 + inv % 12);
            for (int line = 0; line < 5; line++) {
                int product = (inv * 3 + line) % 17;
                String desc = product == 1 && inv % 2 == 0 ? "RED HEART CANDLE HOLDER" : descriptionOf(product);
                b.append(invoice).append(",2").append(String.format("%04d", product)).append(",\"").append(desc)
                        .append("\",").append(1 + line).append(",2010-12-0").append(1 + inv % 9).append(" 08:26:00,")
                        .append(1.25 + inv * 0.01).append(',').append(customer).append(",United Kingdom\n");
            }
        }
        b.append("C536999,20000,\"" + descriptionOf(0) + "\",-3,2010-12-09 09:00:00,2.00,17800,United Kingdom\n");
        b.append("537000,POST,\"POSTAGE\",1,2010-12-09 09:00:00,18.00,17800,United Kingdom\n");
        b.append("537001,20001,\"" + descriptionOf(1) + "\",2,2010-12-09 09:00:00,2.10,,United Kingdom\n");
        b.append("537002,20002,\"\",4,2010-12-09 09:00:00,0,17801,United Kingdom\n");
        b.append("A537003,20003,\"Adjust bad debt\",1,2010-12-09 09:00:00,5.00,17801,United Kingdom\n");
        return b.toString();
    }

    static String descriptionOf(int product) {
        return switch (product % 6) {
            case 0 -> "PAPER CHAIN KIT 50'S CHRISTMAS ";
            case 1 -> "WHITE HANGING HEART T-LIGHT HOLDER";
            case 2 -> "JUMBO BAG RED RETROSPOT";
            case 3 -> "REGENCY CAKESTAND 3 TIER";
            case 4 -> "ASSORTED COLOUR BIRD ORNAMENT";
            default -> "SET OF 6 SPICE TINS PANTRY DESIGN PRODUCT " + product;
        };
    }

    @Test
    void loadsCatalogAndPurchasesFromASlice() throws Exception {
        InMemoryEngine memory = new InMemoryEngine(Clock.systemUTC());
        Engine engine = memory.engine;
        engine.createShop(SHOP, "Demo");
        OnlineRetail.Summary s = OnlineRetail.load(engine, SHOP,
                new ByteArrayInputStream(slice().getBytes(StandardCharsets.UTF_8)), NOW);
        assertThat(s.items()).isEqualTo(17);
        assertThat(s.purchases()).isEqualTo(60);
        assertThat(s.customers()).isEqualTo(12);
        assertThat(s.accepted()).isEqualTo(60);
        assertThat(engine.item(SHOP, "POST")).isEmpty();

        Item heart = engine.item(SHOP, "20001").orElseThrow();
        // most frequent description wins over the occasional variant
        assertThat(heart.title()).isEqualTo("WHITE HANGING HEART T-LIGHT HOLDER");
        assertThat(heart.category()).isEqualTo("Candles");
        assertThat(heart.currency()).isEqualTo("GBP");
        // last positive price in file order (the row without a customer still sets the price)
        assertThat(heart.price()).isEqualTo(2.10);
        assertThat(engine.item(SHOP, "20000").orElseThrow().category()).isEqualTo("Christmas");
        assertThat(engine.item(SHOP, "20002").orElseThrow().category()).isEqualTo("Bags");

        List<Event> events = memory.events(SHOP);
        assertThat(events).hasSize(60).allMatch(e -> e.type() == EventType.PURCHASE);
        Event first = events.get(0);
        assertThat(first.clientEventId()).startsWith("uci:5364");
        assertThat(first.orderId()).isEqualTo(first.clientEventId().substring(4));
        assertThat(first.lineItems()).hasSize(5);
        assertThat(first.lineItems()).allMatch(l -> "GBP".equals(l.currency()) && l.quantity() >= 1);
        assertThat(events).noneMatch(e -> e.orderId().startsWith("C") || e.orderId().startsWith("A"));
        assertThat(events).noneMatch(e -> e.orderId().equals("537001") || e.orderId().equals("537002"));
        assertThat(events.get(events.size() - 1).timestamp()).isAfterOrEqualTo(first.timestamp());
        // dates are mapped onto the year before "now", order kept, original date kept as a property
        assertThat(first.properties()).containsEntry("invoiceDate", "2010-12-01T08:26");
        assertThat(first.timestamp()).isEqualTo(NOW.minusSeconds(60).minus(OnlineRetail.SPAN));
        assertThat(events.get(events.size() - 1).timestamp()).isEqualTo(NOW.minusSeconds(60));

        // loading again stores nothing twice
        OnlineRetail.Summary again = OnlineRetail.load(engine, SHOP,
                new ByteArrayInputStream(slice().getBytes(StandardCharsets.UTF_8)), NOW);
        assertThat(again.accepted()).isZero();
        assertThat(again.duplicates()).isEqualTo(60);
        assertThat(memory.events(SHOP)).hasSize(60);
    }

    @Test
    void demoPreparationOnTheRealEngineIsIdempotentAndRotatesKeys(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        org.shoptide.server.config.ServerConfig config = org.shoptide.server.config.ServerConfig
                .fromMap(java.util.Map.of("data.dir", dir.toString()));
        java.io.PrintStream quiet = new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8);
        ShoptideCli.Demo.Keys first;
        try (Composition c = Composition.open(config, Clock.systemUTC(), Engines.production())) {
            first = ShoptideCli.Demo.prepare(c.engine(), dir, quiet, Instant.now(),
                    () -> new ByteArrayInputStream(slice().getBytes(StandardCharsets.UTF_8)));
            assertThat(c.engine().authenticate(first.secret())).isPresent();
            assertThat(c.engine().item(SHOP, "20001")).isPresent();
            assertThat(c.engine().currentModel(SHOP)).isPresent();
        }
        assertThat(dir.resolve(ShoptideCli.Demo.LOADED_MARKER)).exists();
        try (Composition c = Composition.open(config, Clock.systemUTC(), Engines.production())) {
            ShoptideCli.Demo.Keys second = ShoptideCli.Demo.prepare(c.engine(), dir, quiet, Instant.now(), () -> {
                throw new AssertionError("the second start must not load the data again");
            });
            assertThat(c.engine().authenticate(first.secret())).isEmpty();
            assertThat(c.engine().authenticate(second.publishable())).isPresent();
            assertThat(c.engine().currentModel(SHOP).orElseThrow().version()).isEqualTo(1);
            var rec = c.engine().recommend(new org.shoptide.engine.api.RecommendationRequest(SHOP,
                    org.shoptide.engine.api.Scenario.ITEM, null, null, "20001", null, 5, null, true, null));
            assertThat(rec.modelVersion()).isEqualTo(1);
        }
    }

    @Test
    void keywordCategories() {
        assertThat(OnlineRetail.categoryOf("LUNCH BAG RED RETROSPOT")).isEqualTo("Bags");
        assertThat(OnlineRetail.categoryOf("WHITE METAL LANTERN")).isEqualTo("Lighting");
        assertThat(OnlineRetail.categoryOf("HEART OF WICKER SMALL")).isEqualTo("Hearts");
        assertThat(OnlineRetail.categoryOf("SHOPPER HANDBAGS")).isEqualTo("Other");
        assertThat(OnlineRetail.categoryOf(null)).isEqualTo("Other");
    }

    @Test
    void shippedDataSetIsReadable() throws Exception {
        try (var in = OnlineRetail.openShipped()) {
            String header = new String(in.readNBytes(80), StandardCharsets.UTF_8);
            assertThat(header).startsWith("InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID");
        }
    }
}
