package org.shoptide.elt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.model.RunReport;

/** The shipped examples through the whole pipeline; the expected values are worked out by hand in the comments. */
class CustomerMartTest {
    static final ShopId SHOP = ShopId.of("demo");
    static final LocalDate AS_OF = LocalDate.of(2026, 12, 1);

    @TempDir
    Path dir;

    /** Serves social_profiles.json one record per page with cursor paging; requires the bearer token. */
    static FakeFeed socialFeed(Path examples) throws Exception {
        JsonNode all = new ObjectMapper().readTree(Files.readString(examples.resolve("social_profiles.json")));
        ObjectMapper json = new ObjectMapper();
        return new FakeFeed(ex -> {
            if (!"Bearer feed-token".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                return new FakeFeed.Reply(401, "{}", List.of());
            }
            String c = FakeFeed.param(ex, "cursor");
            int i = c == null ? 0 : Integer.parseInt(c);
            var body = json.createObjectNode();
            var data = body.putArray("data");
            if (i < all.size()) {
                data.add(all.get(i));
                body.put("next_cursor", Integer.toString(i + 1));
            } else {
                body.put("next_cursor", Integer.toString(i));
            }
            return FakeFeed.Reply.ok(body.toString());
        });
    }

    static EltService service(Path dir, Path examples, String feedUrl) throws Exception {
        Path config = Files.createDirectories(dir.resolve("config").resolve(SHOP.value()));
        for (String f : List.of("catalog.csv", "shop2_orders.csv", "property_register.jsonl", "postcode_areas.csv")) {
            Files.copy(examples.resolve(f), config.resolve(f));
        }
        Files.writeString(config.resolve("sources.json"),
                Files.readString(examples.resolve("sources.json")).replace("http://127.0.0.1:8089/profiles", feedUrl));
        Clock clock = Clock.fixed(Instant.parse("2026-12-01T06:00:00Z"), ZoneOffset.UTC);
        EltLayout layout = new EltLayout(dir.resolve("lake"));
        Connectors connectors = new Connectors(layout, new Secrets(Map.of("SOCIAL_FEED_TOKEN", "feed-token")::get),
                HttpClient.newHttpClient(), clock, d -> {
                }, new Random(1));
        return new EltService(layout, dir.resolve("config"), Examples.SECRET, connectors, clock, 2);
    }

    @Test
    void theShippedExamplesBecomeTheCustomer360Mart() throws Exception {
        Path examples = Examples.copy(dir.resolve("examples"));
        Examples.writeEvents(dir.resolve("lake"), SHOP);
        try (FakeFeed feed = socialFeed(examples)) {
            EltService elt = service(dir, examples, feed.url("/profiles"));
            assertThat(elt.loadAll(SHOP)).hasSize(5).allMatch(s -> !s.contains("0 rows"));
            RunReport report = elt.run(SHOP, AS_OF);
            assertThat(report.failure()).isEmpty();
            assertThat(report.published()).isTrue();
        }
        DuckCustomerMart mart = new DuckCustomerMart(new EltLayout(dir.resolve("lake")));
        List<CustomerRow> rows = new ArrayList<>();
        mart.forEach(SHOP, rows::add);
        PiiHasher h = PiiHasher.forShop(Examples.SECRET, SHOP);
        String ann = h.hash(PiiKind.EMAIL, "ann@example.com");
        String cara = h.hash(PiiKind.EMAIL, "cara@example.org");
        String dan = h.hash(PiiKind.EMAIL, "dan@example.net");
        // Eve is only in the property register: enrichment, not a customer
        assertThat(rows).extracting(CustomerRow::customerKey).containsExactlyInAnyOrder("u:u1", "u:u2", "e:" + cara,
                "e:" + dan);

        // Ann: events E1 (2 x 25.00 paint + 40.00 flooring, 11-20), E2 (60.00 tools, 11-25); shop2 S1 (paint 20.00
        // less 5.00 discount, 10-01, linked by user id u1); the social feed's " ANN@example.com" hashes the same
        CustomerRow a = mart.find(SHOP, ann).orElseThrow();
        assertThat(a.customerKey()).isEqualTo("u:u1");
        assertThat(a.keys().userId()).contains("u1");
        assertThat(a.keys().emailHash()).contains(ann);
        assertThat(a.keys().phoneHash()).contains(h.hash(PiiKind.PHONE, "+442079460001"));
        assertThat(a.keys().anonymousIds()).containsExactly("anon-7");
        assertThat(a.lastPurchase()).contains(LocalDate.of(2026, 11, 25));
        assertThat(a.recencyDays().getAsLong()).isEqualTo(6);
        assertThat(a.frequency()).isEqualTo(3);
        assertThat(a.monetaryMinor()).isEqualTo(5000 + 4000 + 6000 + 1500);
        // 4 lines, only S1 is discounted (paint median (2500 + 2000) / 2 = 2250; i1 at 2500 is above it)
        assertThat(a.priceSensitivity().getAsDouble()).isCloseTo(0.25, within(1e-9));
        // brands Dulux 2, Quickstep 1, Bosch 1: H = 0.5 ln 2 + 0.5 ln 4 = 1.0397; 1 - H / ln 3 = 0.0536
        assertThat(a.brandLoyalty().getAsDouble()).isCloseTo(0.053605, within(1e-5));
        // purchase lines paint 2, flooring 1, tools 1 and two decor views: decor and paint 2/6 (name order), then
        // flooring 1/6 (before tools)
        assertThat(a.topCategories()).extracting(CustomerRow.CategoryAffinity::category).containsExactly("decor",
                "paint", "flooring");
        assertThat(a.topCategories().get(0).share()).isCloseTo(1.0 / 3, within(1e-9));
        // register r1 on 09-15 (77 days back); renovation lines 11-20 (2) and 11-25 (1) fill one 14-day window
        assertThat(a.lifeEvents()).containsExactly(
                new CustomerRow.LifeEvent(CustomerRow.LifeEvent.MOVED_HOUSE, LocalDate.of(2026, 9, 15),
                        "property_register"),
                new CustomerRow.LifeEvent(CustomerRow.LifeEvent.RENOVATING, LocalDate.of(2026, 11, 20), "purchases"));
        // latest address: the S1 delivery to SW1A 1AA (10-01) after the register's SW1A 2BB (09-15)
        assertThat(a.area()).contains("Westminster");
        assertThat(a.areaTier()).contains("premium");
        assertThat(a.sources()).containsExactly("events", "postcode_areas", "property_register", "shop2_orders",
                "social_profiles");

        // Bob: events only; E3 on 06-01 (183 days back) with decor by Ikea 15.00 and Habitat 30.00
        CustomerRow b = mart.find(SHOP, "u2").orElseThrow();
        assertThat(b.recencyDays().getAsLong()).isEqualTo(183);
        assertThat(b.frequency()).isEqualTo(1);
        assertThat(b.monetaryMinor()).isEqualTo(4500);
        assertThat(b.brandLoyalty().getAsDouble()).isCloseTo(0.0, within(1e-9));
        // decor median over 1000, 1200, 1500, 3000 is 1350: neither of Bob's lines is below it
        assertThat(b.priceSensitivity().getAsDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(b.lifeEvents()).isEmpty();
        assertThat(b.area()).isEmpty();
        assertThat(b.sources()).containsExactly("events");

        // Cara: two shop2 orders (3 x 10.00 and 12.00, both below the decor median), e-mail in two spellings
        CustomerRow c = mart.find(SHOP, "e:" + cara).orElseThrow();
        assertThat(c.keys().userId()).isEmpty();
        assertThat(c.frequency()).isEqualTo(2);
        assertThat(c.monetaryMinor()).isEqualTo(4200);
        assertThat(c.recencyDays().getAsLong()).isEqualTo(2);
        assertThat(c.priceSensitivity().getAsDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(c.brandLoyalty().getAsDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(c.areaTier()).contains("standard");
        assertThat(c.sources()).containsExactly("postcode_areas", "shop2_orders");

        // Dan: the social feed and a flat bought on 11-01; no purchases
        CustomerRow d = mart.find(SHOP, dan).orElseThrow();
        assertThat(d.frequency()).isZero();
        assertThat(d.monetaryMinor()).isZero();
        assertThat(d.recencyDays()).isEmpty();
        assertThat(d.priceSensitivity()).isEmpty();
        assertThat(d.has(CustomerRow.LifeEvent.MOVED_HOUSE)).isTrue();
        assertThat(d.area()).contains("Manchester Centre");
        assertThat(d.sources()).containsExactly("postcode_areas", "property_register", "social_profiles");

        assertThat(mart.find(SHOP, "anon-7")).map(CustomerRow::customerKey).contains("u:u1");
        assertThat(mart.find(SHOP, h.hash(PiiKind.EMAIL, "eve@example.com"))).isEmpty();
    }
}
