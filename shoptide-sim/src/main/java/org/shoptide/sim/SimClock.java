package org.shoptide.sim;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated time that the in-process server runs on: days of shop traffic pass in seconds. The simulator moves it
 * forward before each batch of sessions; it never goes back. Thread-safe.
 */
public final class SimClock extends Clock {
    private final AtomicLong millis;

    public SimClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** Moves the clock to {@code t} unless it is already later. */
    public void advanceTo(Instant t) {
        millis.accumulateAndGet(t.toEpochMilli(), Math::max);
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (!ZoneOffset.UTC.equals(zone)) {
            throw new UnsupportedOperationException("the simulated clock runs in UTC only");
        }
        return this;
    }
}
