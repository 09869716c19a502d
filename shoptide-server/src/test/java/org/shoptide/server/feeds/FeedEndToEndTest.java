package org.shoptide.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;

/**
 * Issue 16's "done when" for feeds: a shop configured with a Google Merchant feed keeps its catalog and prices current
 * with no import command. The real server (SQLite, the production engine) ticks every second; the shop's feed host is a
 * local fake whose catalog changes under it.
 */
class FeedEndToEndTest {
    static final String OP = "op-feed-e2e-key-0123456789";
    final HttpClient http = HttpClient.newHttpClient();
    String base;

    @TempDir
    Path dataDir;

    static String merchant(String... items) {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\""
                + " xmlns:g=\"http://base.google.com/ns/1.0\"><channel><title>Shop</title>");
        for (String i : items) {
            b.append(i);
        }
        return b.append("</channel></rss>").toString();
    }

    static String item(String id, String title, String price, String availability) {
        return "<item><g:id>" + id + "</g:id><g:title>" + title + "</g:title><g:price>" + price
                + "</g:price><g:availability>" + availability + "</g:availability>"
                + "<g:product_type>Home &gt; Lamps</g:product_type></item>";
    }

    HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode call(String method, String path, String key, String body, int expect) throws Exception {
        HttpResponse<String> r = send(method, path, key, body);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expect);
        return r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
    }

    /** Polls GET {@code path} until {@code done} holds, for at most 20 s. */
    JsonNode await(String path, String key, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = send("GET", path, key, null);
            if (r.statusCode() == 200) {
                last = Json.MAPPER.readTree(r.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.onSpinWait();
            Thread.sleep(50); // polling interval of a deadline loop, not a synchronisation
        }
        throw new AssertionError("GET " + path + " never reached the expected state; last: " + last);
    }

    @Test
    void aShopsCatalogAndPricesFollowItsFeedWithoutAnyImport() throws Exception {
        AtomicReference<String> feed = new AtomicReference<>(
                merchant(item("lamp-1", "Desk lamp", "12.99 EUR", "in stock"),
                        item("lamp-2", "Floor lamp", "49.00 EUR", "in stock")));
        HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.createContext("/feed.xml", ex -> {
            byte[] body = feed.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        host.start();
        String feedUrl = "http://127.0.0.1:" + host.getAddress().getPort() + "/feed.xml";
        ServerConfig config = ServerConfig.fromMap(Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1",
                "http.port", "0", "operator.key", OP, "feeds.tick-seconds", "1", "feeds.host-interval-ms", "0"));
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            base = "http://127.0.0.1:" + server.port();
            JsonNode shop = call("POST", "/v1/shops", OP, "{\"id\":\"lamps\",\"name\":\"Lamps\"}", 201);
            String sk = shop.get("secretKey").asText();
            String pk = shop.get("publishableKey").asText();

            JsonNode bad = call("POST", "/v1/feeds", sk,
                    "{\"id\":\"x y\",\"kind\":\"rss\",\"url\":\"ftp://a\"," + "\"intervalSeconds\":-5}", 400);
            assertThat(bad.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("id", "kind", "url",
                    "intervalSeconds");
            assertThat(send("POST", "/v1/feeds", pk, "{}").statusCode()).isIn(401, 403);

            JsonNode created = call("POST", "/v1/feeds", sk,
                    "{\"id\":\"gm\",\"kind\":\"merchant\",\"url\":\"" + feedUrl + "\",\"intervalSeconds\":1}", 201);
            assertThat(created.get("enabled").asBoolean()).isTrue();
            call("POST", "/v1/feeds", sk, "{\"id\":\"gm\",\"kind\":\"csv\",\"url\":\"" + feedUrl + "\"}", 409);

            // the tick runs the feed: no import, no run request
            JsonNode lamp1 = await("/v1/items/lamp-1", sk, i -> i.get("price").asDouble() == 12.99);
            assertThat(lamp1.get("title").asText()).isEqualTo("Desk lamp");
            assertThat(lamp1.get("currency").asText()).isEqualTo("EUR");

            // the shop's catalog changes where it lives
            feed.set(merchant(item("lamp-1", "Desk lamp", "9.99 EUR", "in stock"),
                    item("lamp-3", "Wall lamp", "19.50 EUR", "in stock")));
            await("/v1/items/lamp-1", sk, i -> i.get("price").asDouble() == 9.99);
            await("/v1/items/lamp-3", sk, i -> i.get("price").asDouble() == 19.5);
            JsonNode gone = await("/v1/items/lamp-2", sk, i -> !i.get("inStock").asBoolean());
            assertThat(gone.get("title").asText()).isEqualTo("Floor lamp");

            JsonNode last = await("/v1/feeds/gm/runs/last", sk, r -> r.get("outcome").asText().equals("success"));
            assertThat(last.get("feedId").asText()).isEqualTo("gm");

            JsonNode now = call("POST", "/v1/feeds/gm/runs", sk, null, 200);
            assertThat(now.get("outcome").asText()).isEqualTo("success");
            assertThat(now.get("itemsRead").asInt()).isEqualTo(2);
            call("POST", "/v1/feeds/none/runs", sk, null, 404);

            String metrics = send("GET", "/metrics", OP, null).body();
            assertThat(metrics).contains("shoptide_feed_runs_total{feed=\"gm\",outcome=\"success\",shop=\"lamps\"}")
                    .contains("shoptide_feed_items_changed_total");

            JsonNode list = call("GET", "/v1/feeds", sk, null, 200);
            assertThat(list.get("feeds").findValuesAsText("id")).containsExactly("gm");
            call("DELETE", "/v1/feeds/gm", sk, null, 204);
            call("GET", "/v1/feeds/gm", sk, null, 404);
        } finally {
            host.stop(0);
        }
    }
}
