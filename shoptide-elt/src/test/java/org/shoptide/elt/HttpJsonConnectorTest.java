package org.shoptide.elt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.shop.ShopId;

class HttpJsonConnectorTest {
    @TempDir
    Path dir;

    /** A clock that moves only when the connector sleeps. */
    static final class FakeTime extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        final List<Duration> sleeps = new ArrayList<>();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void sleep(Duration d) {
            sleeps.add(d);
            now = now.plus(d);
        }
    }

    final FakeTime time = new FakeTime();

    private SourceSpec.HttpOptions options(String url, String paging, double rps, int attempts) {
        return new SourceSpec.HttpOptions(url, "items", paging, "next", "page", Optional.of("updated_since"),
                Optional.of("updated_at"), Optional.of("X-Api-Key"), "", Optional.of("env:FEED_KEY"), rps, attempts,
                100, 10_000);
    }

    private HttpJsonConnector connector(SourceSpec.HttpOptions o) {
        HttpFetcher f = new HttpFetcher(HttpClient.newHttpClient(), o, new Secrets(Map.of("FEED_KEY", "k-123")::get),
                time, time::sleep, new Random(7));
        return new HttpJsonConnector(o, f, dir.resolve("scratch"));
    }

    /** Reads everything and returns the records (JSON lines) and the cursors, in order. */
    private List<String> readAll(HttpJsonConnector c, Optional<String> cursor, List<String> cursors) throws Exception {
        List<String> lines = new ArrayList<>();
        c.read(cursor, p -> {
            lines.addAll(Files.readAllLines(p.file()));
            cursors.add(p.cursorAfter());
        });
        return lines;
    }

    private static String page(String items, String next) {
        return "{\"items\": [" + items + "]" + (next == null ? "" : ", \"next\": \"" + next + "\"") + "}";
    }

    @Test
    void followsNextLinksAndSendsTheAuthHeaderFromTheSecret() throws Exception {
        try (FakeFeed feed = new FakeFeed(ex -> switch (String.valueOf(FakeFeed.param(ex, "p"))) {
            case "null" -> FakeFeed.Reply.ok(page("{\"id\":1,\"updated_at\":\"2026-11-01T00:00:00Z\"}", "/x?p=2"));
            case "2" -> new FakeFeed.Reply(200, page("{\"id\":2,\"updated_at\":\"2026-11-03T00:00:00Z\"}", null),
                    List.<String[]> of(new String[] { "Link", "</x?p=3>; rel=\"next\"" }));
            default -> FakeFeed.Reply.ok(page("{\"id\":3,\"updated_at\":\"2026-11-02T00:00:00Z\"}", null));
        })) {
            List<String> cursors = new ArrayList<>();
            List<String> lines = readAll(connector(options(feed.url("/x"), "next_link", 1000, 1)), Optional.empty(),
                    cursors);
            assertThat(lines).containsExactly("{\"id\":1,\"updated_at\":\"2026-11-01T00:00:00Z\"}",
                    "{\"id\":2,\"updated_at\":\"2026-11-03T00:00:00Z\"}",
                    "{\"id\":3,\"updated_at\":\"2026-11-02T00:00:00Z\"}");
            assertThat(feed.requests()).extracting(FakeFeed.Seen::pathAndQuery).containsExactly("/x", "/x?p=2",
                    "/x?p=3");
            assertThat(feed.requests()).extracting(FakeFeed.Seen::authorization).containsOnlyNulls();
            assertThat(cursors.get(2)).isEqualTo("{\"next\":null,\"since\":\"2026-11-03T00:00:00Z\"}");
        }
    }

    @Test
    void pagesByNumberUntilAnEmptyPageAndAuthenticates() throws Exception {
        List<String> keys = new ArrayList<>();
        try (FakeFeed feed = new FakeFeed(ex -> {
            keys.add(ex.getRequestHeaders().getFirst("X-Api-Key"));
            String p = FakeFeed.param(ex, "page");
            return FakeFeed.Reply.ok(p == null || p.equals("2") ? page("{\"id\":" + p + "}", null) : page("", null));
        })) {
            List<String> lines = readAll(connector(options(feed.url("/y"), "page", 1000, 1)), Optional.empty(),
                    new ArrayList<>());
            assertThat(lines).containsExactly("{\"id\":null}", "{\"id\":2}");
            assertThat(feed.requests()).extracting(FakeFeed.Seen::pathAndQuery).containsExactly("/y", "/y?page=2",
                    "/y?page=3");
            assertThat(keys).containsOnly("k-123");
        }
    }

    @Test
    void honoursRetryAfterOn429AndBacksOffOn5xx() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeFeed feed = new FakeFeed(ex -> switch (n.getAndIncrement()) {
            case 0 -> new FakeFeed.Reply(429, "{}", List.<String[]> of(new String[] { "Retry-After", "7" }));
            case 1, 2 -> new FakeFeed.Reply(503, "{}", List.of());
            default -> FakeFeed.Reply.ok(page("{\"id\":1}", null));
        })) {
            List<String> lines = readAll(connector(options(feed.url("/z"), "next_link", 1000, 5)), Optional.empty(),
                    new ArrayList<>());
            assertThat(lines).containsExactly("{\"id\":1}");
            assertThat(n.get()).isEqualTo(4);
            // waits: Retry-After 7 s, then full-jitter back-off within [0, 100 * 2^1] and [0, 100 * 2^2] ms; the
            // rate limit adds 1 ms spacing waits only when requests come faster than that
            List<Duration> retryWaits = time.sleeps.stream().filter(d -> d.toMillis() != 1).toList();
            assertThat(retryWaits.get(0)).isEqualTo(Duration.ofSeconds(7));
            assertThat(retryWaits.subList(1, retryWaits.size()))
                    .allSatisfy(d -> assertThat(d.toMillis()).isBetween(0L, 400L));
        }
    }

    @Test
    void givesUpAfterMaxAttemptsAndDoesNotRetryA404() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (FakeFeed feed = new FakeFeed(ex -> {
            n.incrementAndGet();
            return new FakeFeed.Reply(ex.getRequestURI().getPath().equals("/gone") ? 404 : 500, "{}", List.of());
        })) {
            assertThatThrownBy(() -> readAll(connector(options(feed.url("/err"), "next_link", 1000, 3)),
                    Optional.empty(), new ArrayList<>())).isInstanceOf(IOException.class)
                            .hasMessageContaining("failed after 3 attempts");
            assertThat(n.get()).isEqualTo(3);
            n.set(0);
            assertThatThrownBy(() -> readAll(connector(options(feed.url("/gone"), "next_link", 1000, 3)),
                    Optional.empty(), new ArrayList<>())).hasMessageContaining("404 (not retried)");
            assertThat(n.get()).isEqualTo(1);
        }
    }

    @Test
    void spacesRequestsByTheRateLimit() throws Exception {
        try (FakeFeed feed = new FakeFeed(ex -> {
            String p = FakeFeed.param(ex, "page");
            return FakeFeed.Reply.ok(p != null && p.equals("4") ? page("", null) : page("{\"id\":0}", null));
        })) {
            readAll(connector(options(feed.url("/r"), "page", 2, 1)), Optional.empty(), new ArrayList<>());
            // 4 requests at 2 per second on a clock that only moves when sleeping: 3 waits of 500 ms
            assertThat(time.sleeps).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500),
                    Duration.ofMillis(500));
        }
    }

    @Test
    void theNextLoadAsksOnlyForRecordsUpdatedSinceTheLastOne() throws Exception {
        try (FakeFeed feed = new FakeFeed(ex -> FakeFeed.param(ex, "updated_since") == null
                ? FakeFeed.Reply.ok(page("{\"id\":1,\"updated_at\":\"2026-11-01T00:00:00Z\"},"
                        + "{\"id\":2,\"updated_at\":\"2026-11-05T00:00:00Z\"}", null))
                : FakeFeed.Reply.ok(page("{\"id\":2,\"updated_at\":\"2026-11-06T00:00:00Z\"}", null)))) {
            ShopId shop = ShopId.of("acme");
            SourceSpec.HttpOptions o = options(feed.url("/feed"), "next_link", 1000, 1);
            SourceSpec spec = new SourceSpec("feed", "http", true, Map.of(), RawFormat.JSONL, Optional.empty(),
                    Optional.of(o), Optional.empty());
            Lander lander = new Lander(new EltLayout(dir.resolve("lake")), shop,
                    PiiHasher.forShop(Examples.SECRET, shop), time);
            assertThat(lander.load(spec, connector(o), "l1").manifest().rows()).isEqualTo(2);
            time.sleep(Duration.ofHours(1));
            Lander.Outcome second = lander.load(spec, connector(o), "l2");
            assertThat(second.manifest().rows()).isEqualTo(1);
            assertThat(feed.requests()).extracting(FakeFeed.Seen::pathAndQuery).containsExactly("/feed",
                    "/feed?updated_since=2026-11-05T00%3A00%3A00Z");
            assertThat(second.manifest().cursorAfter())
                    .hasValueSatisfying(c -> assertThat(c).contains("2026-11-06T00:00:00Z"));
        }
    }
}
