package org.shoptide.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * When the daily training of a shop runs next. Pure functions of the clock's instant, so they test with a fixed clock.
 */
public final class DailySchedule {
    private DailySchedule() {
    }

    /**
     * The first instant strictly after {@code now} at which the local time in {@code zone} is {@code at}. On a DST gap
     * the time is shifted forward by the gap; on an overlap the earlier offset is used (so it runs once a day).
     */
    public static Instant nextRun(Instant now, LocalTime at, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        LocalDate day = local.toLocalDate();
        ZonedDateTime candidate = ZonedDateTime.of(day, at, zone);
        if (!candidate.toInstant().isAfter(now)) {
            candidate = ZonedDateTime.of(day.plusDays(1), at, zone);
        }
        return candidate.toInstant();
    }

    /** Parses a shop's "HH:mm" training time; null or blank gives {@code fallback}. */
    public static LocalTime parseTime(String hhmm, LocalTime fallback) {
        if (hhmm == null || hhmm.isBlank()) {
            return fallback;
        }
        try {
            return LocalTime.parse(hhmm.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("training time must be HH:mm, got '" + hhmm + "'", e);
        }
    }
}
