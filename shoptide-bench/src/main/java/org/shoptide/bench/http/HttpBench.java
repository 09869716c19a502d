package org.shoptide.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Load generator for the three engine targets of issue 2, over real HTTP on loopback:
 * <ol>
 * <li><b>ingest</b>: batches of 1,000 events from several connections; reports durable events/s (a 200 means fsync'd).
 * <li><b>recommend</b>: {@code GET /v1/recommendations} at a fixed arrival rate (open model); latency is measured from
 * each request's <i>intended</i> start time, so a stall is not hidden (coordinated omission, Tene). Reports
 * p50/p90/p99/p99.9/max from HdrHistogram.
 * <li><b>freshness</b>: a new visitor views items of one category; the time from sending the last view until a
 * recommendation answer reflects it (the category's items lead the list).
 * </ol>
 * Usage: {@code HttpBench --url http://127.0.0.1:8080 --key <secret key of a shop with catalog>
 * [--ingest-key <secret key of a scratch shop>] [--rate 500] [--seconds 20]}.
 * <p>
 * Just over 500 lines: three phases of one load run (latency, freshness, ingest) with their shared socket client; a
 * benchmark main, not product code.
 */
public final class HttpBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String key;
    private final HttpClient client;
    private final PrintStream out;

    HttpBench(URI base, String key, PrintStream out) {
        this.base = base;
        this.key = key;
        this.out = out;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080";
        String key = null;
        String ingestKey = null;
        List<Integer> rates = List.of(500);
        int seconds = 20;
        int warmup = 15;
        int ingestBatches = 300;
        int freshnessSamples = 200;
        String userPrefix = "";
        int firstUser = 12346;
        int users = 18287 - 12346;
        int freshnessRate = 0;
        List<String> phases = List.of("recommend", "freshness", "ingest");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--url" -> url = args[++i];
                case "--key" -> key = args[++i];
                case "--ingest-key" -> ingestKey = args[++i];
                case "--rate", "--rates" ->
                        rates = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::valueOf).toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--ingest-batches" -> ingestBatches = Integer.parseInt(args[++i]);
                case "--freshness-samples" -> freshnessSamples = Integer.parseInt(args[++i]);
                case "--freshness-under-load" -> freshnessRate = Integer.parseInt(args[++i]);
                case "--user-prefix" -> userPrefix = args[++i];
                case "--first-user" -> firstUser = Integer.parseInt(args[++i]);
                case "--users" -> users = Integer.parseInt(args[++i]);
                case "--phases" -> phases = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("--key <secret key of the shop to measure> is required");
        }
        HttpBench bench = new HttpBench(URI.create(url), key, System.out);
        UserIds userIds = new UserIds(userPrefix, firstUser, users);
        if (phases.contains("recommend")) {
            // the first rate gets the full warm-up (JIT, caches); later rates a short one to reach steady state
            for (int r = 0; r < rates.size(); r++) {
                bench.recommend(rates.get(r), seconds, r == 0 ? warmup : Math.min(warmup, 5), userIds);
            }
        }
        if (phases.contains("freshness")) {
            if (freshnessRate > 0) {
                bench.freshnessUnderLoad(freshnessSamples, freshnessRate, userIds);
            } else {
                bench.freshness(freshnessSamples);
            }
        }
        if (phases.contains("ingest")) {
            List<String> itemIds = bench.itemIds(2000);
            HttpBench ingest = ingestKey == null ? bench : new HttpBench(URI.create(url), ingestKey, System.out);
            ingest.ingest(ingestBatches, 1000, 8, itemIds);
        }
    }

    /** Known user ids of the measured shop: {@code prefix + (first + k)} for k in [0, count). */
    record UserIds(String prefix, int first, int count) {
        String random(SplittableRandom rnd) {
            return prefix + (first + rnd.nextInt(count));
        }
    }

    /**
     * Freshness (see {@link #freshness}) measured while a fixed-rate recommendation load of {@code rate} requests/s
     * runs from other connections, as target 6 of issue 4 asks.
     */
    Histogram freshnessUnderLoad(int samples, int rate, UserIds users) throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        Recorder background = new Recorder(3);
        long[] sent = { 0 };
        Thread load = Thread.ofPlatform().name("bench-background").start(() -> {
            try {
                while (!done.get()) {
                    sent[0] += runAtRate(rate, 5, users, background).sent();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(5000);
        Histogram h;
        try {
            h = freshness(samples);
        } finally {
            done.set(true);
            load.join();
        }
        Histogram bg = background.getIntervalHistogram();
        out.printf(Locale.ROOT, "  background recommend load: rate=%d/s sent=%d p50=%.2fms p99=%.2fms%n", rate, sent[0],
                bg.getValueAtPercentile(50) / 1000.0, bg.getValueAtPercentile(99) / 1000.0);
        return h;
    }

    /** Fixed-rate recommendation load; returns the latency histogram in microseconds. */
    Histogram recommend(int ratePerSecond, int seconds, int warmupSeconds, UserIds users) throws Exception {
        if (warmupSeconds > 0) {
            runAtRate(ratePerSecond, warmupSeconds, users, new Recorder(3));
        }
        Recorder recorder = new Recorder(3);
        RunStats stats = runAtRate(ratePerSecond, seconds, users, recorder);
        Histogram h = recorder.getIntervalHistogram();
        out.printf(Locale.ROOT,
                "recommend: rate=%d/s duration=%ds sent=%d errors=%d achieved=%.0f/s "
                        + "p50=%.2fms p90=%.2fms p99=%.2fms p99.9=%.2fms max=%.2fms%n",
                ratePerSecond, seconds, stats.sent, stats.errors, stats.sent / (double) seconds,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
        return h;
    }

    private record RunStats(long sent, long errors) {
    }

    /**
     * Open-model load at a fixed arrival rate over a small pool of keep-alive HTTP/1.1 connections (plain sockets: the
     * JDK HttpClient costs more CPU per request than the server under test, which on a 2-core box would measure the
     * client). Request i is due at {@code start + i/rate}; its latency is taken from that due time, so queueing behind
     * a slow answer is counted.
     */
    private RunStats runAtRate(int rate, int seconds, UserIds users, Recorder recorder) throws Exception {
        SplittableRandom rnd = new SplittableRandom(42 + rate);
        long intervalNanos = 1_000_000_000L / rate;
        int total = rate * seconds;
        long[] due = new long[total];
        String[] paths = new String[total];
        for (int i = 0; i < total; i++) {
            String user = users.random(rnd);
            String scenario = (i % 4 == 3) ? "trending" : "user";
            paths[i] = "/v1/recommendations?scenario=" + scenario + "&n=10&userId=" + user;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        int connections = Math.max(4, Math.min(64, rate / 50));
        long start = System.nanoTime() + 50_000_000L;
        for (int i = 0; i < total; i++) {
            due[i] = start + i * intervalNanos;
        }
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            workers.add(Thread.ofPlatform().name("bench-conn-" + c).start(() -> {
                RawHttp http = null;
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long wait = due[i] - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (http == null) {
                            http = new RawHttp(base, key);
                        }
                        if (http.get(paths[i]) != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (IOException | RuntimeException e) {
                        errors.incrementAndGet();
                        if (http != null) {
                            http.close();
                        }
                        http = null;
                    }
                    recorder.recordValue(Math.max(0, (System.nanoTime() - due[i]) / 1000));
                }
                if (http != null) {
                    http.close();
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        return new RunStats(total, errors.get());
    }

    /** A minimal HTTP/1.1 keep-alive GET client on one socket (Content-Length or chunked bodies). */
    static final class RawHttp implements AutoCloseable {
        private final Socket socket;
        private final BufferedInputStream in;
        private final OutputStream out;
        private final String host;
        private final String auth;

        RawHttp(URI base, String key) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream(), 65536);
            out = socket.getOutputStream();
            host = base.getHost() + ":" + base.getPort();
            auth = "Bearer " + key;
        }

        /** Sends one GET and reads the whole answer; returns the status code. */
        int get(String path) throws IOException {
            byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + auth
                    + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            out.write(req);
            out.flush();
            String status = line();
            if (status == null || status.length() < 12) {
                throw new IOException("connection closed");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            String h;
            while ((h = line()) != null && !h.isEmpty()) {
                int colon = h.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0) {
                    skip(size);
                    line();
                }
                line();
            } else if (length >= 0) {
                skip(length);
            } else {
                throw new IOException("response without length");
            }
            return code;
        }

        private void skip(long n) throws IOException {
            while (n > 0) {
                long k = in.skip(n);
                if (k <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in body");
                    }
                    k = 1;
                }
                n -= k;
            }
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int len = b.length();
                    return len > 0 && b.charAt(len - 1) == '\r' ? b.substring(0, len - 1) : b.toString();
                }
                b.append((char) c);
            }
            return b.isEmpty() ? null : b.toString();
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a benchmark connection
            }
        }
    }

    /**
     * Durable batch ingest: {@code batches} batches of {@code batchSize} view events from {@code
     * connections} concurrent senders.
     */
    double ingest(int batches, int batchSize, int connections, List<String> itemIds) throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        List<byte[]> bodies = new ArrayList<>();
        long runId = System.currentTimeMillis();
        for (int b = 0; b < batches; b++) {
            ArrayNode arr = JSON.createArrayNode();
            for (int e = 0; e < batchSize; e++) {
                ObjectNode ev = arr.addObject();
                ev.put("eventId", "bench-" + runId + "-" + b + "-" + e);
                ev.put("type", rnd.nextInt(10) == 0 ? "add_to_cart" : "view");
                ev.put("userId", "bench-user-" + rnd.nextInt(100_000));
                ev.put("itemId", itemIds.get(rnd.nextInt(itemIds.size())));
            }
            bodies.add(JSON.writeValueAsBytes(arr));
        }
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Histogram batchLatency = new Histogram(3);
        long start = System.nanoTime();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                fs.add(exec.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < batches) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = client.send(post("/v1/events", bodies.get((int) i)),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                failed.incrementAndGet();
                            }
                        } catch (IOException | InterruptedException e) {
                            failed.incrementAndGet();
                        }
                        synchronized (batchLatency) {
                            batchLatency.recordValue((System.nanoTime() - t0) / 1000);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        double rate = (batches - failed.get()) * (double) batchSize / secs;
        out.printf(Locale.ROOT,
                "ingest: %d batches x %d events, %d connections, failed=%d, %.1fs, %.0f events/s durable, "
                        + "batch p50=%.1fms p99=%.1fms%n",
                batches, batchSize, connections, failed.get(), secs, rate,
                batchLatency.getValueAtPercentile(50) / 1000.0, batchLatency.getValueAtPercentile(99) / 1000.0);
        return rate;
    }

    /**
     * Freshness: for each sample, a brand-new visitor views three items of one category; we measure from sending that
     * batch until the visitor's "for you" answer shows an item of that category among its first three (a fresh visitor
     * otherwise gets global trending).
     */
    Histogram freshness(int samples) throws Exception {
        List<JsonNode> items = catalog(5000);
        Map<String, List<String>> byCategory = new TreeMap<>();
        for (JsonNode it : items) {
            JsonNode path = it.path("categoryPath");
            if (path.isArray() && !path.isEmpty()) {
                byCategory.computeIfAbsent(path.get(path.size() - 1).asText(), k -> new ArrayList<>())
                        .add(it.path("id").asText());
            }
        }
        List<String> categories = new ArrayList<>();
        byCategory.forEach((c, ids) -> {
            if (ids.size() >= 10) {
                categories.add(c);
            }
        });
        if (categories.isEmpty()) {
            throw new IllegalStateException("freshness needs a catalog with categories");
        }
        SplittableRandom rnd = new SplittableRandom(11);
        Histogram h = new Histogram(3);
        int unchanged = 0;
        long runId = System.currentTimeMillis();
        for (int s = 0; s < samples; s++) {
            String category = categories.get(rnd.nextInt(categories.size()));
            List<String> ids = byCategory.get(category);
            String visitor = "fresh-" + runId + "-" + s;
            ArrayNode arr = JSON.createArrayNode();
            for (int v = 0; v < 3; v++) {
                ObjectNode ev = arr.addObject();
                ev.put("type", "view");
                ev.put("anonymousId", visitor);
                ev.put("itemId", ids.get(rnd.nextInt(ids.size())));
            }
            byte[] body = JSON.writeValueAsBytes(arr);
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(post("/v1/events", body), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("event post failed: " + r.statusCode() + " " + r.body());
            }
            boolean seen = false;
            while (!seen && System.nanoTime() - t0 < 2_000_000_000L) {
                JsonNode rec = getJson("/v1/recommendations?scenario=user&n=10&anonymousId=" + visitor);
                int k = 0;
                for (JsonNode it : rec.path("items")) {
                    if (k++ >= 3) {
                        break;
                    }
                    if (category.equals(it.path("category").asText())) {
                        seen = true;
                    }
                }
            }
            long micros = (System.nanoTime() - t0) / 1000;
            if (seen) {
                h.recordValue(micros);
            } else {
                unchanged++;
            }
        }
        out.printf(Locale.ROOT,
                "freshness: samples=%d reflected=%d not-reflected-within-2s=%d p50=%.2fms p99=%.2fms max=%.2fms%n",
                samples, h.getTotalCount(), unchanged, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
        return h;
    }

    List<String> itemIds(int max) throws Exception {
        List<String> ids = new ArrayList<>();
        catalog(max).forEach(n -> ids.add(n.path("id").asText()));
        if (ids.isEmpty()) {
            throw new IllegalStateException("the shop has no items; load the demo first");
        }
        return ids;
    }

    /** Up to about {@code max} catalog items, read page by page through {@code GET /v1/items}. */
    private List<JsonNode> catalog(int max) throws Exception {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = getJson("/v1/items?limit=500"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            page.path("items").forEach(items::add);
            cursor = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
        } while (cursor != null && items.size() < max);
        return items;
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(get(base.resolve(path)), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private HttpRequest get(URI uri) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(10))
                .GET().build();
    }

    private HttpRequest post(String path, byte[] body) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }
}
