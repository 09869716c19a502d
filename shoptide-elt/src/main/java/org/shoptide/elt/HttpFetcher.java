package org.shoptide.elt;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * GETs of one HTTP source with a client-side rate limit, an auth header and retries.
 * <p>
 * Rate limit: requests are spaced at least {@code 1 / requestsPerSecond} apart. Retries: a connection failure, a 429 or
 * a 5xx is retried up to {@code maxAttempts} in all; the wait is the response's {@code Retry-After} (seconds or an
 * HTTP-date, RFC 9110 §10.2.3) when present, otherwise "full jitter" exponential back-off (a uniform random wait in [0,
 * min(cap, base * 2^attempt)], as in AWS's "Exponential Backoff and Jitter"). Other statuses fail at once. Time and
 * randomness are injected so tests never sleep.
 */
public final class HttpFetcher {
    /** Waits; tests pass one that records the waits and advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpClient client;
    private final SourceSpec.HttpOptions options;
    private final Optional<String> authValue;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private Instant nextAllowed = Instant.MIN;

    public HttpFetcher(HttpClient client, SourceSpec.HttpOptions options, Secrets secrets, Clock clock, Sleeper sleeper,
            RandomGenerator random) {
        this.client = Objects.requireNonNull(client, "client");
        this.options = Objects.requireNonNull(options, "options");
        this.authValue = options.authSecret().map(ref -> options.authPrefix() + secrets.resolve(ref));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The response to a GET of {@code uri} with status 200-299, after retries. */
    public HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        IOException last = null;
        for (int a = 0; a < options.maxAttempts(); a++) {
            final int attempt = a;
            pace();
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").GET();
            if (authValue.isPresent()) {
                b.header(options.authHeader().orElseThrow(), authValue.get());
            }
            HttpResponse<String> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
                sleeper.sleep(backoff(attempt));
                continue;
            }
            int s = r.statusCode();
            if (s >= 200 && s < 300) {
                return r;
            }
            if (s != 429 && s < 500) {
                throw new IOException("GET " + redact(uri) + " answered " + s + " (not retried)");
            }
            last = new IOException("GET " + redact(uri) + " answered " + s);
            if (attempt + 1 < options.maxAttempts()) {
                Duration wait = retryAfter(r).orElseGet(() -> backoff(attempt));
                if (wait.toMillis() > options.maxBackoffMillis()) {
                    throw new IOException("GET " + redact(uri) + " answered " + s + " with Retry-After "
                            + wait.toSeconds()
                            + " s, more than http.maxBackoffMillis allows; the load stops and resumes next time");
                }
                sleeper.sleep(wait);
            }
        }
        throw new IOException("GET " + redact(uri) + " failed after " + options.maxAttempts() + " attempts", last);
    }

    private void pace() throws InterruptedException {
        Instant now = clock.instant();
        if (now.isBefore(nextAllowed)) {
            sleeper.sleep(Duration.between(now, nextAllowed));
            now = nextAllowed;
        }
        nextAllowed = now.plusNanos((long) (1e9 / options.requestsPerSecond()));
    }

    Duration backoff(int attempt) {
        long cap = Math.min(options.maxBackoffMillis(), options.backoffMillis() * (1L << Math.min(attempt, 30)));
        return Duration.ofMillis(cap <= 0 ? 0 : random.nextLong(cap + 1));
    }

    private Optional<Duration> retryAfter(HttpResponse<?> r) {
        Optional<String> h = r.headers().firstValue("Retry-After");
        if (h.isEmpty()) {
            return Optional.empty();
        }
        String v = h.get().trim();
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                d = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }

    /** The URI without its query (which may carry tokens) for messages. */
    static String redact(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
    }
}
