package org.shoptide.core.store;

import java.time.Instant;

/**
 * The instant format of the SQL entity stores (SQLite and PostgreSQL adapters): a BIGINT count of microseconds since
 * the epoch (UTC). Finer precision is truncated (toward the past), so an instant round-trips at microsecond precision.
 */
public final class Micros {

    private Micros() {
    }

    /**
     * Microseconds since the epoch.
     *
     * @throws ArithmeticException
     *             if the instant is beyond about 292,000 years from 1970
     */
    public static long toMicros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    /** The instant {@code micros} microseconds after the epoch (before it when negative). */
    public static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
