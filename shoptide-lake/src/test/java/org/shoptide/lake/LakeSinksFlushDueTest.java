package org.shoptide.lake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.fake.InMemoryEventLog;
import org.shoptide.testing.fake.MutableClock;

/**
 * Sinks without their own timer, flushed by the job scheduler's {@code lake.load} through {@link LakeSinks#flushDue}.
 */
class LakeSinksFlushDueTest {
    static final ShopId A = ShopId.of("shop-a");
    static final ShopId B = ShopId.of("shop-b");
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void onlyBatchesWhoseOldestEventWaitedMaxDelayAreWrittenAndCounted() throws Exception {
        InMemoryEventLog log = new InMemoryEventLog();
        MutableClock clock = new MutableClock(T0);
        LakeSinks sinks = new LakeSinks(log, new LakeLayout(dir),
                new LakeSink.Options(1000, Duration.ofMinutes(5), Duration.ZERO, clock));
        try {
            sinks.open(A);
            sinks.open(B);
            log.append(A,
                    List.of(Event.ofItem(EventType.VIEW, "u1", "i1", T0), Event.ofItem(EventType.VIEW, "u2", "i1", T0)))
                    .get(10, TimeUnit.SECONDS);
            awaitBuffered(sinks.sink(A), 2);
            assertThat(sinks.flushDue()).isEmpty();
            clock.advance(Duration.ofMinutes(3));
            log.append(B, List.of(Event.ofItem(EventType.VIEW, "u3", "i2", T0))).get(10, TimeUnit.SECONDS);
            awaitBuffered(sinks.sink(B), 1);
            clock.advance(Duration.ofMinutes(2));
            assertThat(sinks.flushDue()).isEqualTo(Map.of(A, 2));
            assertThat(sinks.sink(A).committedPosition()).isEqualTo(2);
            assertThat(sinks.sink(B).committedPosition()).isZero();
            clock.advance(Duration.ofMinutes(3));
            assertThat(sinks.flushDue()).isEqualTo(Map.of(B, 1));
            assertThat(sinks.flushDue()).isEmpty();
        } finally {
            sinks.close();
        }
    }

    private static void awaitBuffered(LakeSink sink, int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sink.buffered() < n) {
            assertThat(System.nanoTime()).as("sink buffered %d events", n).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
