package org.shoptide.feeds.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.shoptide.core.port.FeedStore.Validators;

/**
 * GETs for feed connectors on {@link java.net.http.HttpClient}, polite and bounded (settings: {@link FetchSettings}):
 * <ul>
 * <li>a per-host rate limit ({@link HostRateLimiter}) shared by every fetch of this fetcher;
 * <li>retries on 429, 5xx and I/O errors (time-outs included) with full-jitter exponential back-off, honouring
 * {@code Retry-After}; other statuses (404, 401, ...) fail at once;
 * <li>conditional requests (RFC 9110 section 13.1): {@code If-None-Match} / {@code If-Modified-Since} from the
 * request's validators, and a 304 answered as "not modified";
 * <li>a connect time-out, a read time-out (headers, then each body chunk), a total time-out per response and a body
 * size limit: reading stops as soon as the body passes it, and the fetch fails with that reason;
 * <li>a {@code Content-Type} check against the media types the connector accepts.
 * </ul>
 * Thread-safe; {@link #close()} stops its watchdog thread.
 */
public final class HttpFetcher implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private final FetchSettings settings;
    private final HttpClient client;
    private final HostRateLimiter limiter;
    private final Backoff backoff;
    private final Clock clock;
    private final ScheduledExecutorService watchdog;

    public HttpFetcher(FetchSettings settings, Clock clock, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.limiter = new HostRateLimiter(settings.hostInterval());
        this.backoff = new Backoff(settings.backoffBase(), settings.backoffMax(), random);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "feed-fetch-watchdog-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public FetchSettings settings() {
        return settings;
    }

    /**
     * One GET with retries.
     *
     * @throws FetchException
     *             when the last attempt failed, or at once for a status that a retry cannot fix
     */
    public FetchResponse fetch(FetchRequest request) throws FetchException, InterruptedException {
        String url = request.uri().toString();
        String lastError = "no attempt";
        int lastStatus = -1;
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            limiter.acquire(request.uri().getHost());
            Optional<String> retryAfter = Optional.empty();
            try {
                FetchResponse r = once(request);
                int status = r.status();
                if (status == 200 || (status == 304 && request.validators() != null)) {
                    if (status == 200) {
                        checkType(request, r);
                    }
                    return r;
                }
                if (status != 429 && status < 500) {
                    throw new FetchException(url, status, "HTTP " + status + " (not retried)");
                }
                lastError = "HTTP " + status;
                lastStatus = status;
                retryAfter = r.header("retry-after");
            } catch (TooLarge e) {
                throw new FetchException(url, e.getMessage());
            } catch (HttpTimeoutException e) {
                lastStatus = -1;
                lastError = "no response headers within " + settings.readTimeout();
            } catch (IOException e) {
                lastStatus = -1;
                lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            if (attempt < settings.maxRetries()) {
                Thread.sleep(backoff.delay(attempt, retryAfter, clock.instant()));
            }
        }
        int attempts = settings.maxRetries() + 1;
        throw new FetchException(url, lastStatus,
                lastError + " after " + attempts + (attempts == 1 ? " attempt" : " attempts"));
    }

    /**
     * Fetches every request, at most {@link FetchSettings#concurrency()} at a time, and returns the responses in
     * request order; the first failure cancels the rest and is thrown.
     */
    public List<FetchResponse> fetchAll(List<FetchRequest> requests) throws FetchException, InterruptedException {
        if (requests.size() <= 1 || settings.concurrency() == 1) {
            List<FetchResponse> out = new ArrayList<>(requests.size());
            for (FetchRequest r : requests) {
                out.add(fetch(r));
            }
            return out;
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), r -> {
            Thread t = new Thread(r, "feed-fetch-" + THREADS.incrementAndGet() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FetchResponse>> futures = new ArrayList<>(requests.size());
            for (FetchRequest r : requests) {
                futures.add(pool.submit(() -> fetch(r)));
            }
            List<FetchResponse> out = new ArrayList<>(requests.size());
            for (Future<FetchResponse> f : futures) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof FetchException fe) {
                        throw fe;
                    }
                    if (e.getCause() instanceof InterruptedException ie) {
                        throw ie;
                    }
                    throw new IllegalStateException("fetch failed unexpectedly", e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private FetchResponse once(FetchRequest request) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).GET().timeout(settings.readTimeout())
                .header("User-Agent", settings.userAgent());
        request.headers().forEach(b::header);
        Validators v = request.validators();
        if (v != null && v.etag() != null) {
            b.header("If-None-Match", v.etag());
        }
        if (v != null && v.lastModified() != null) {
            b.header("If-Modified-Since", v.lastModified());
        }
        long started = System.nanoTime();
        HttpResponse<InputStream> response = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        HttpHeaders h = response.headers();
        Map<String, List<String>> headers = lowerCase(h);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                return new FetchResponse(response.uri(), response.statusCode(), headers, new byte[0], null);
            }
            long declared = h.firstValueAsLong("content-length").orElse(-1);
            if (declared > settings.maxBytes()) {
                throw new TooLarge("response of " + declared + " bytes is larger than the limit of "
                        + settings.maxBytes() + " bytes");
            }
            byte[] body = read(in, started);
            String etag = h.firstValue("etag").orElse(null);
            String lastModified = h.firstValue("last-modified").orElse(null);
            Validators validators = etag == null && lastModified == null ? null : new Validators(etag, lastModified);
            return new FetchResponse(response.uri(), 200, headers, body, validators);
        }
    }

    /** Reads the body under the size limit, the read time-out between chunks and the total time-out. */
    private byte[] read(InputStream in, long startedNanos) throws IOException {
        long deadline = startedNanos + settings.totalTimeout().toNanos();
        long readNanos = settings.readTimeout().toNanos();
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicReference<String> killed = new AtomicReference<>();
        long period = Math.max(5, min(settings.readTimeout(), settings.totalTimeout()).toMillis() / 10);
        ScheduledFuture<?> guard = watchdog.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            String reason = now - deadline > 0 ? "response not complete within " + settings.totalTimeout()
                    : now - lastProgress.get() > readNanos ? "no data for " + settings.readTimeout() : null;
            if (reason != null && killed.compareAndSet(null, reason)) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing is how the blocked read is interrupted; its own error is not interesting
                }
            }
        }, period, period, TimeUnit.MILLISECONDS);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    if (killed.get() != null) {
                        throw new IOException(killed.get(), e);
                    }
                    throw e;
                }
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > settings.maxBytes()) {
                    throw new TooLarge(
                            "response is larger than the limit of " + settings.maxBytes() + " bytes (stopped reading)");
                }
                out.write(buf, 0, n);
                lastProgress.set(System.nanoTime());
            }
            if (killed.get() != null) {
                throw new IOException(killed.get());
            }
            return out.toByteArray();
        } finally {
            guard.cancel(false);
        }
    }

    private void checkType(FetchRequest request, FetchResponse r) throws FetchException {
        if (request.acceptedTypes().isEmpty()) {
            return;
        }
        Optional<String> header = r.header("content-type");
        if (header.isEmpty()) {
            return; // no claim to check; the parser reports what it cannot read
        }
        String type = header.get().split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!request.acceptedTypes().contains(type)) {
            throw new FetchException(request.uri().toString(),
                    "unexpected Content-Type '" + type + "', expected one of " + request.acceptedTypes());
        }
    }

    private static Map<String, List<String>> lowerCase(HttpHeaders h) {
        Map<String, List<String>> out = new HashMap<>();
        h.map().forEach((k, v) -> out.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }));
        return out;
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        client.close();
    }

    /** A body over the size limit: not retried, a retry would read the same. */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
