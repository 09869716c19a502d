package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DailyScheduleTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void laterTodayWhenTheTimeIsStillAhead() {
        Clock clock = Clock.fixed(Instant.parse("2026-06-10T00:30:00Z"), ZoneOffset.UTC); // 02:30 in Berlin
        assertThat(DailySchedule.nextRun(clock.instant(), LocalTime.of(3, 0), BERLIN))
                .isEqualTo(Instant.parse("2026-06-10T01:00:00Z"));
    }

    @Test
    void tomorrowWhenTheTimeHasPassedOrIsNow() {
        Instant now = Instant.parse("2026-06-10T01:00:00Z"); // exactly 03:00 in Berlin
        assertThat(DailySchedule.nextRun(now, LocalTime.of(3, 0), BERLIN))
                .isEqualTo(Instant.parse("2026-06-11T01:00:00Z"));
        assertThat(DailySchedule.nextRun(now.plusSeconds(1), LocalTime.of(3, 0), BERLIN))
                .isEqualTo(Instant.parse("2026-06-11T01:00:00Z"));
    }

    @Test
    void daylightSavingGapShiftsForwardAndDaysStayOneRunEach() {
        // 2026-03-29 02:30 does not exist in Berlin (clocks jump 02:00 -> 03:00): runs at 03:30 CEST = 01:30Z
        Instant beforeGap = Instant.parse("2026-03-28T23:00:00Z");
        assertThat(DailySchedule.nextRun(beforeGap, LocalTime.of(2, 30), BERLIN))
                .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
        // after the switch the same local time is one hour earlier in UTC
        assertThat(DailySchedule.nextRun(Instant.parse("2026-03-29T02:00:00Z"), LocalTime.of(3, 0), BERLIN))
                .isEqualTo(Instant.parse("2026-03-30T01:00:00Z"));
    }

    @Test
    void parsesShopTimesWithFallback() {
        assertThat(DailySchedule.parseTime(null, LocalTime.of(3, 0))).isEqualTo(LocalTime.of(3, 0));
        assertThat(DailySchedule.parseTime("04:15", LocalTime.of(3, 0))).isEqualTo(LocalTime.of(4, 15));
        assertThatThrownBy(() -> DailySchedule.parseTime("25:00", LocalTime.of(3, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
