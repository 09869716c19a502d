package org.shoptide.jobs;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.function.Function;
import org.shoptide.core.shop.ShopId;

/**
 * When a job kind runs by itself. A schedule is a pure function from the previous slot to the next, so the next run
 * follows from the last persisted slot (and a slot missed while the server was down is caught up once after start-up).
 */
public sealed interface Schedule {

    /** The first slot strictly after {@code after} for {@code shop} (null for a server-wide kind). */
    Instant next(Instant after, ShopId shop);

    /** A human description for operators, e.g. {@code every PT1M} or {@code daily at 03:00 Europe/Berlin}. */
    String describe(ShopId shop);

    /** Every {@code interval}, counted from the previous slot. */
    static Schedule every(Duration interval) {
        return new Every(interval);
    }

    /**
     * Daily at the local time {@code at} gives for the shop (e.g. the shop's training time, or a default), in
     * {@code zone}. On a DST gap the time moves forward by the gap; on an overlap the earlier offset is used.
     */
    static Schedule daily(Function<ShopId, LocalTime> at, ZoneId zone) {
        return new Daily(at, zone);
    }

    /** See {@link Schedule#every}. */
    record Every(Duration interval) implements Schedule {
        public Every {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("a schedule's interval must be positive: " + interval);
            }
        }

        @Override
        public Instant next(Instant after, ShopId shop) {
            return after.plus(interval);
        }

        @Override
        public String describe(ShopId shop) {
            return "every " + interval;
        }
    }

    /** See {@link Schedule#daily}. */
    record Daily(Function<ShopId, LocalTime> at, ZoneId zone) implements Schedule {
        public Daily {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(zone, "zone");
        }

        @Override
        public Instant next(Instant after, ShopId shop) {
            LocalTime time = at.apply(shop);
            LocalDate day = after.atZone(zone).toLocalDate();
            Instant candidate = ZonedDateTime.of(day, time, zone).toInstant();
            if (!candidate.isAfter(after)) {
                candidate = ZonedDateTime.of(day.plusDays(1), time, zone).toInstant();
            }
            return candidate;
        }

        @Override
        public String describe(ShopId shop) {
            return "daily at " + at.apply(shop) + " " + zone.getId();
        }
    }
}
