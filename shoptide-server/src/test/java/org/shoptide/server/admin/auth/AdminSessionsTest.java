package org.shoptide.server.admin.auth;

import org.shoptide.testing.fake.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AdminSessionsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
    final AdminSessions sessions = new AdminSessions(clock, Duration.ofMinutes(30), Duration.ofHours(12));

    @Test
    void tokensAre256BitRandomAndOnlyTheirHashIsKept() {
        var a = sessions.create("ops");
        var b = sessions.create("ops");
        assertThat(a.token()).hasSize(43).isNotEqualTo(b.token());
        assertThat(a.session().tokenHash()).isEqualTo(Tokens.sha256(a.token())).doesNotContain(a.token());
        assertThat(a.session().csrfToken()).hasSize(43).isNotEqualTo(b.session().csrfToken()).isNotEqualTo(a.token());
        assertThat(sessions.touch(a.token()).orElseThrow().username()).isEqualTo("ops");
        assertThat(sessions.touch(a.session().tokenHash())).as("the stored hash is not a token").isEmpty();
        assertThat(sessions.touch("nope")).isEmpty();
        assertThat(sessions.touch(null)).isEmpty();
    }

    @Test
    void idleSessionsExpireAndUseRenewsThem() {
        var s = sessions.create("ops");
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(s.token())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(s.token())).as("renewed by the last use").isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.touch(s.token())).isEmpty();
    }

    @Test
    void sessionsEndAtTheAbsoluteLimitHoweverActive() {
        var s = sessions.create("ops");
        for (int i = 0; i < 24 * 2 - 1; i++) {
            clock.advance(Duration.ofMinutes(15));
            assertThat(sessions.touch(s.token())).isPresent();
        }
        clock.advance(Duration.ofMinutes(15));
        assertThat(sessions.touch(s.token())).isEmpty();
    }

    @Test
    void logoutAndAccountDeletionEndSessions() {
        var a = sessions.create("ops");
        var b = sessions.create("other");
        assertThat(sessions.invalidate(a.token())).isTrue();
        assertThat(sessions.touch(a.token())).isEmpty();
        assertThat(sessions.invalidate(a.token())).isFalse();
        sessions.invalidateUser("other");
        assertThat(sessions.touch(b.token())).isEmpty();
        assertThat(sessions.size()).isZero();
    }
}
