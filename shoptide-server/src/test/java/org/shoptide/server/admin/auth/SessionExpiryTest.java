package org.shoptide.server.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shoptide.testing.fake.MutableClock;

/** A session expires at the earlier of its idle timeout and its maximum lifetime, as {@code expiresAt} reports. */
class SessionExpiryTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    @Test
    void expiresAtIsTheEarlierOfIdleAndMaximumLifetime() {
        MutableClock clock = new MutableClock(T0);
        AdminSessions sessions = new AdminSessions(clock, Duration.ofMinutes(30), Duration.ofHours(8));
        AdminSessions.Created c = sessions.create("ops");
        assertThat(sessions.expiresAt(c.session())).isEqualTo(T0.plus(Duration.ofMinutes(30)));

        AdminSessions.Session last = c.session();
        for (int minutes = 20; minutes <= 460; minutes += 20) { // used every 20 minutes until 7h40m
            clock.advance(Duration.ofMinutes(20));
            last = sessions.touch(c.token()).orElseThrow();
            if (minutes == 60) {
                assertThat(sessions.expiresAt(last)).isEqualTo(T0.plus(Duration.ofMinutes(90)));
            }
        }
        assertThat(sessions.expiresAt(last)).as("the maximum lifetime comes first")
                .isEqualTo(T0.plus(Duration.ofHours(8)));
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.touch(c.token())).as("at 8h").isEmpty();
    }
}
