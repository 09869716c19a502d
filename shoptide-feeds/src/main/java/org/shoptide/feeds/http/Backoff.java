package org.shoptide.feeds.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with "full jitter" (Brooker, "Exponential Backoff And Jitter", AWS Architecture Blog, 2015):
 * retry n (0-based) waits a uniformly random time in [0, min(max, base * 2^n)], which spreads the retries of many
 * clients instead of synchronising them. A server's {@code Retry-After} (RFC 9110 section 10.2.3: delay-seconds or an
 * HTTP-date) replaces the random wait when present, capped at {@code max}.
 */
final class Backoff {
    private final Duration base;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration base, Duration max, RandomGenerator random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    Duration delay(int retry, Optional<String> retryAfter, Instant now) {
        Optional<Duration> asked = retryAfter.flatMap(v -> parseRetryAfter(v, now));
        if (asked.isPresent()) {
            return asked.get().compareTo(max) > 0 ? max : asked.get();
        }
        long ceiling = base.toMillis() << Math.min(retry, 30);
        ceiling = Math.min(Math.max(ceiling, 1), max.toMillis());
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
