package org.shoptide.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shoptide.feeds.FeedWorld.SHOP;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;
import org.shoptide.feeds.http.FetchSettings;

/**
 * Conditional requests, retries, time-outs, size limits, rate limits and non-overlapping runs, against fake servers.
 */
class FetchReliabilityTest {
    FeedWorld w;

    @AfterEach
    void stop() {
        if (w != null) {
            w.close();
        }
    }

    private static final String ITEMS = "[{\"id\":\"i1\",\"price\":\"10.00 EUR\"},{\"id\":\"i2\",\"price\":\"5 EUR\"}]";

    @Test
    void etagAndLastModifiedMakeAnUnchangedFeedANotModifiedRun() throws Exception {
        w = new FeedWorld();
        w.site.route("/etag.json", (ex, hit) -> {
            if ("\"v1\"".equals(hit.header("If-None-Match"))) {
                FakeSite.send(ex, 304, null, "");
                return;
            }
            ex.getResponseHeaders().set("ETag", "\"v1\"");
            FakeSite.send(ex, 200, "application/json", ITEMS);
        });
        w.site.route("/lm.csv", (ex, hit) -> {
            if ("Tue, 01 Dec 2026 07:00:00 GMT".equals(hit.header("If-Modified-Since"))) {
                FakeSite.send(ex, 304, null, "");
                return;
            }
            ex.getResponseHeaders().set("Last-Modified", "Tue, 01 Dec 2026 07:00:00 GMT");
            FakeSite.send(ex, 200, "text/csv", "id,price\nc1,1.00 EUR\n");
        });
        w.feed("{\"id\":\"e\",\"kind\":\"json\",\"url\":\"%s\"}".formatted(w.site.url("/etag.json")));
        w.feed("{\"id\":\"l\",\"kind\":\"csv\",\"url\":\"%s\"}".formatted(w.site.url("/lm.csv")));
        assertThat(w.run("e").counts().created()).isEqualTo(2);
        assertThat(w.run("l").counts().created()).isEqualTo(1);
        int applies = w.catalog.applies.get();

        FeedReport again = w.run("e");
        assertThat(again.outcome()).isEqualTo(FeedReport.Outcome.NOT_MODIFIED);
        assertThat(again.notModified()).isTrue();
        assertThat(again.bytes()).isZero();
        assertThat(w.run("l").outcome()).isEqualTo(FeedReport.Outcome.NOT_MODIFIED);
        assertThat(w.catalog.applies.get()).isEqualTo(applies);
        assertThat(w.site.hits("/etag.json").get(0).header("If-None-Match")).isNull();
        // the validators survive a not-modified run
        assertThat(w.run("e").outcome()).isEqualTo(FeedReport.Outcome.NOT_MODIFIED);
        assertThat(w.counter("shoptide.feed.runs", "not_modified")).isEqualTo(3.0);
        assertThat(w.counter("shoptide.feed.runs", "success")).isEqualTo(2.0);
    }

    @Test
    void a500IsRetriedAndThenSucceeds() throws Exception {
        w = new FeedWorld();
        AtomicInteger calls = new AtomicInteger();
        w.site.route("/flaky.json",
                (ex, hit) -> FakeSite.send(ex, calls.incrementAndGet() == 1 ? 500 : 200, "application/json", ITEMS));
        w.feed("{\"id\":\"f\",\"kind\":\"json\",\"url\":\"%s\"}".formatted(w.site.url("/flaky.json")));
        FeedReport r = w.run("f");
        assertThat(r.outcome()).isEqualTo(FeedReport.Outcome.SUCCESS);
        assertThat(w.site.hits("/flaky.json")).hasSize(2);
        assertThat(w.catalog.items(SHOP)).containsOnlyKeys("i1", "i2");
    }

    @Test
    void aPageFailingForeverFailsTheRunAndChangesNothing() throws Exception {
        w = new FeedWorld();
        Item existing = new Item("i1", "Old", null, 7.0, "EUR", null, List.of(), Map.of("feed", "f"), List.of(), true,
                null, null);
        w.catalog.put(SHOP, existing);
        w.site.serve("/p1.json", "application/json",
                "{\"items\":[{\"id\":\"i1\",\"price\":\"8 EUR\"}],\"next\":\"/p2.json\"}");
        w.site.route("/p2.json", (ex, hit) -> FakeSite.send(ex, 503, "text/plain", "down"));
        w.feed("""
                {"id":"f","kind":"json","url":"%s","options":{"itemsPath":"/items","paging":"next_url",
                 "nextPath":"/next"}}""".formatted(w.site.url("/p1.json")));
        FeedReport r = w.run("f");
        assertThat(r.outcome()).isEqualTo(FeedReport.Outcome.FAILURE);
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.url()).isEqualTo(w.site.url("/p2.json"));
            assertThat(e.page()).isEqualTo(2);
            assertThat(e.message()).endsWith("HTTP 503 after 3 attempts");
        });
        assertThat(w.site.hits("/p2.json")).hasSize(3);
        assertThat(w.catalog.items(SHOP)).containsExactly(Map.entry("i1", existing));
        assertThat(w.catalog.applies.get()).isZero();
        assertThat(w.service.lastReport(SHOP, "f").orElseThrow().outcome()).isEqualTo(FeedReport.Outcome.FAILURE);
        assertThat(w.counter("shoptide.feed.runs", "failure")).isEqualTo(1.0);
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        w = new FeedWorld(FeedWorld.fast().withRetries(1, Duration.ofMillis(1), Duration.ofSeconds(5)));
        AtomicInteger calls = new AtomicInteger();
        w.site.route("/busy.json", (ex, hit) -> {
            if (calls.incrementAndGet() == 1) {
                ex.getResponseHeaders().set("Retry-After", "1");
                FakeSite.send(ex, 429, "text/plain", "slow down");
            } else {
                FakeSite.send(ex, 200, "application/json", ITEMS);
            }
        });
        w.feed("{\"id\":\"b\",\"kind\":\"json\",\"url\":\"%s\"}".formatted(w.site.url("/busy.json")));
        assertThat(w.run("b").outcome()).isEqualTo(FeedReport.Outcome.SUCCESS);
        List<FakeSite.Hit> hits = w.site.hits("/busy.json");
        assertThat(hits).hasSize(2);
        assertThat(Duration.ofNanos(hits.get(1).nanos() - hits.get(0).nanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void aSlowServerTimesOut() throws Exception {
        w = new FeedWorld(FeedWorld.fast().withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(5)));
        CountDownLatch release = new CountDownLatch(1);
        w.site.route("/slow-body.json", (ex, hit) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(("[" + " ".repeat(32 * 1024)).getBytes(StandardCharsets.UTF_8)); // past any buffer
                out.flush();
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        w.site.route("/slow-headers.json", (ex, hit) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeSite.send(ex, 200, "application/json", "[]");
        });
        w.feed("{\"id\":\"sb\",\"kind\":\"json\",\"url\":\"%s\"}".formatted(w.site.url("/slow-body.json")));
        w.feed("{\"id\":\"sh\",\"kind\":\"json\",\"url\":\"%s\"}".formatted(w.site.url("/slow-headers.json")));
        long t0 = System.nanoTime();
        FeedReport body = w.run("sb");
        FeedReport headers = w.run("sh");
        release.countDown();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        assertThat(body.outcome()).isEqualTo(FeedReport.Outcome.FAILURE);
        assertThat(body.errors().get(0).message()).endsWith("no data for PT1S after 1 attempt");
        assertThat(headers.errors().get(0).message()).endsWith("no response headers within PT1S after 1 attempt");
        assertThat(w.catalog.applies.get()).isZero();
    }

    @Test
    void aHugeResponseIsCutOffAtTheSizeLimit() throws Exception {
        w = new FeedWorld(FeedWorld.fast().withMaxBytes(1024 * 1024));
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        AtomicInteger written = new AtomicInteger();
        w.site.route("/huge.json", (ex, hit) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to check up front
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 1024; i++) { // 64 MiB if nobody stopped reading
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException clientWentAway) {
                // expected: the fetcher stops reading
            }
        });
        w.site.route("/declared.json", (ex, hit) -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, 5L * 1024 * 1024);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(chunk); // the headers go out with the first bytes
                out.flush();
            } catch (IOException clientWentAway) {
                // expected: the fetcher refuses the declared length
            }
        });
        w.feed("{\"id\":\"h\",\"kind\":\"json\",\"url\":\"%s\"}".formatted(w.site.url("/huge.json")));
        w.feed("{\"id\":\"d\",\"kind\":\"json\",\"url\":\"%s\"}".formatted(w.site.url("/declared.json")));
        FeedReport r = w.run("h");
        assertThat(r.outcome()).isEqualTo(FeedReport.Outcome.FAILURE);
        assertThat(r.errors().get(0).message())
                .endsWith("response is larger than the limit of 1048576 bytes (stopped reading)");
        assertThat(w.site.hits("/huge.json")).hasSize(1); // not retried
        assertThat(written.get()).isLessThan(64 * 1024 * 1024);
        assertThat(w.run("d").errors().get(0).message())
                .endsWith("response of 5242880 bytes is larger than the limit of 1048576 bytes");
    }

    @Test
    void theWrongContentTypeFailsClearly() throws Exception {
        w = new FeedWorld();
        w.site.serve("/login", "text/html", "<html>please log in</html>");
        w.feed("{\"id\":\"t\",\"kind\":\"merchant\",\"url\":\"%s\"}".formatted(w.site.url("/login")));
        assertThat(w.run("t").errors().get(0).message()).contains("unexpected Content-Type 'text/html'");
    }

    @Test
    void thePerHostRateLimitSpacesRequests() throws Exception {
        Duration interval = Duration.ofMillis(100);
        w = new FeedWorld(FeedWorld.fast().withRateLimit(interval, 4));
        StringBuilder pages = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            String path = "/item/" + i;
            w.site.serve(path, "text/html", "<script type=\"application/ld+json\">{\"@type\":\"Product\",\"sku\":\"r"
                    + i + "\",\"offers\":{\"price\":\"1.00\",\"priceCurrency\":\"EUR\"}}</script>");
            pages.append(pages.isEmpty() ? "" : ",").append('"').append(w.site.url(path)).append('"');
        }
        w.feed("""
                {"id":"rl","kind":"jsonld","url":"%s","options":{"pages":[%s]}}""".formatted(w.site.url("/"), pages));
        assertThat(w.run("rl").counts().created()).isEqualTo(6);
        List<Long> arrivals = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            arrivals.add(w.site.hits("/item/" + i).get(0).nanos());
        }
        arrivals.add(w.site.hits("/robots.txt").get(0).nanos());
        arrivals.sort(null);
        // the limiter spaces the starts of requests; arrival times add the fake server's scheduling jitter to the
        // first and the last, so the span of 7 requests is at least 6 intervals less that jitter
        Duration span = Duration.ofNanos(arrivals.get(arrivals.size() - 1) - arrivals.get(0));
        assertThat(span).isGreaterThanOrEqualTo(interval.multipliedBy(arrivals.size() - 1).minusMillis(40));
    }

    @Test
    void runsOfOneFeedNeverOverlap() throws Exception {
        w = new FeedWorld();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        w.site.route("/blocking.json", (ex, hit) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeSite.send(ex, 200, "application/json", ITEMS);
        });
        w.feed("{\"id\":\"o\",\"kind\":\"json\",\"url\":\"%s\"}".formatted(w.site.url("/blocking.json")));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<FeedReport> first = pool.submit(() -> w.run("o"));
            assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> w.run("o")).isInstanceOfSatisfying(FeedRequestException.class,
                    e -> assertThat(e.reason()).isEqualTo(FeedRequestException.Reason.BUSY));
            assertThat(w.service.runDue(w.clock.instant())).isEmpty();
            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(FeedReport.Outcome.SUCCESS);
            assertThat(w.site.hits("/blocking.json")).hasSize(1);
            assertThat(w.run("o").outcome()).isEqualTo(FeedReport.Outcome.SUCCESS); // the lease was released
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void settingsRejectNonsenseWithClearMessages() {
        assertThatThrownBy(() -> FetchSettings.defaults().withMaxBytes(0))
                .hasMessage("maxBytes must be at least 1, got 0");
        assertThatThrownBy(() -> FetchSettings.defaults().withRateLimit(Duration.ZERO, 0))
                .hasMessage("concurrency must be 1 to 64, got 0");
    }
}
