package org.shoptide.jobs;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.shoptide.core.job.NewJobRun;
import org.shoptide.core.shop.ShopId;

/**
 * A kind of job the scheduler runs. Build one with {@link #every}, {@link #manual} or {@link #perShop} and the
 * {@code with...} methods, e.g. {@code JobKind.every("feeds", Duration.ofMinutes(1), ctx -> feeds.runDue(now()))}.
 *
 * @param name
 *            the kind's name (see {@link NewJobRun#requireKind})
 * @param schedule
 *            when it runs by itself; null: only when asked ("run now") or retried
 * @param shops
 *            for a per-shop kind, the shops it runs for (read on every tick); null for a server-wide kind
 * @param concurrency
 *            how many of its runs one node runs at once (a run per shop at a time in any case)
 * @param maxAttempts
 *            tries of a run before it stays failed (1: no retry)
 * @param backoff
 *            wait before the first retry; doubled for each further one, at most {@link #MAX_BACKOFF}
 * @param timeout
 *            longest a run may take; then it is interrupted and fails (and is retried if attempts remain)
 * @param handler
 *            the work
 */
public record JobKind(String name, Schedule schedule, Supplier<List<ShopId>> shops, int concurrency, int maxAttempts,
        Duration backoff, Duration timeout, JobHandler handler) {
    /** The longest wait between two attempts. */
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);

    public JobKind {
        NewJobRun.requireKind(name);
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(handler, "handler");
        if (concurrency < 1) {
            throw new IllegalArgumentException("job kind " + name + ": concurrency must be >= 1: " + concurrency);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("job kind " + name + ": maxAttempts must be >= 1: " + maxAttempts);
        }
        if (backoff.isNegative() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(
                    "job kind " + name + ": backoff must not be negative and timeout must be positive");
        }
    }

    /** A server-wide kind run every {@code interval}; one run at a time, 3 attempts, 1 min back-off, 1 h time-out. */
    public static JobKind every(String name, Duration interval, JobHandler handler) {
        return new JobKind(name, Schedule.every(interval), null, 1, 3, Duration.ofMinutes(1), Duration.ofHours(1),
                handler);
    }

    /** A server-wide kind that runs only when asked. */
    public static JobKind manual(String name, JobHandler handler) {
        return new JobKind(name, null, null, 1, 3, Duration.ofMinutes(1), Duration.ofHours(1), handler);
    }

    /** A per-shop kind over {@code shops}, on {@code schedule} (null: only when asked). */
    public static JobKind perShop(String name, Supplier<List<ShopId>> shops, Schedule schedule, JobHandler handler) {
        Objects.requireNonNull(shops, "shops");
        return new JobKind(name, schedule, shops, 1, 3, Duration.ofMinutes(1), Duration.ofHours(1), handler);
    }

    public JobKind withConcurrency(int n) {
        return new JobKind(name, schedule, shops, n, maxAttempts, backoff, timeout, handler);
    }

    public JobKind withRetries(int attempts, Duration firstBackoff) {
        return new JobKind(name, schedule, shops, concurrency, attempts, firstBackoff, timeout, handler);
    }

    public JobKind withTimeout(Duration t) {
        return new JobKind(name, schedule, shops, concurrency, maxAttempts, backoff, t, handler);
    }

    /** True when its runs are per shop. */
    public boolean isPerShop() {
        return shops != null;
    }

    /** The wait before attempt {@code next} (2, 3, ...): {@code backoff * 2^(next-2)}, at most {@link #MAX_BACKOFF}. */
    public Duration backoffBefore(int next) {
        int doublings = Math.min(Math.max(next - 2, 0), 20);
        Duration d = backoff.multipliedBy(1L << doublings);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
