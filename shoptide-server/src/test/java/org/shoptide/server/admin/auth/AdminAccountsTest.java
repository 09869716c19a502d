package org.shoptide.server.admin.auth;

import org.shoptide.testing.fake.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.AdminAccountStore.LoginThrottle;
import org.shoptide.server.admin.auth.AdminAccounts.Status;
import org.shoptide.testing.fake.InMemoryAdminAccountStore;

class AdminAccountsTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T12:00:00Z"));
    final InMemoryAdminAccountStore store = new InMemoryAdminAccountStore();
    final AdminAccounts accounts = new AdminAccounts(store, PasswordHasherTest.FAST, clock, 5, Duration.ofMinutes(15),
            Duration.ofMinutes(15));

    @Test
    void createsAccountsWithHashedPasswordsAndValidatesInput() {
        accounts.create("ops", "a long enough password");
        assertThat(store.find("ops").orElseThrow().passwordHash()).startsWith("$argon2id$")
                .doesNotContain("a long enough password");
        assertThatThrownBy(() -> accounts.create("ops", "another long password"))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> accounts.create("bad name", "a long enough password"))
                .hasMessageContaining("username");
        assertThatThrownBy(() -> accounts.create("x", "short")).hasMessageContaining("12 to 1024");
    }

    @Test
    void theRightPasswordLogsInAndResetsTheFailureCount() {
        accounts.create("ops", "a long enough password");
        assertThat(accounts.login("ops", "wrong password").status()).isEqualTo(Status.INVALID);
        assertThat(store.throttle("ops").failures()).isEqualTo(1);
        var ok = accounts.login("ops", "a long enough password");
        assertThat(ok.status()).isEqualTo(Status.OK);
        assertThat(ok.account().username()).isEqualTo("ops");
        assertThat(store.throttle("ops")).isEqualTo(LoginThrottle.CLEAR);
    }

    @Test
    void fiveFailuresLockForFifteenMinutesEvenWithTheRightPassword() {
        accounts.create("ops", "a long enough password");
        for (int i = 0; i < 5; i++) {
            assertThat(accounts.login("ops", "wrong " + i).status()).as("attempt %d", i + 1).isEqualTo(Status.INVALID);
            clock.advance(Duration.ofSeconds(30));
        }
        var locked = accounts.login("ops", "a long enough password");
        assertThat(locked.status()).isEqualTo(Status.LOCKED);
        assertThat(locked.lockedUntil()).isEqualTo(Instant.parse("2026-05-01T12:02:00Z").plus(Duration.ofMinutes(15)));
        clock.advance(Duration.ofMinutes(14));
        assertThat(accounts.login("ops", "a long enough password").status()).isEqualTo(Status.LOCKED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(accounts.login("ops", "a long enough password").status()).isEqualTo(Status.OK);
    }

    @Test
    void failuresOutsideTheWindowDoNotAddUp() {
        accounts.create("ops", "a long enough password");
        for (int i = 0; i < 4; i++) {
            accounts.login("ops", "wrong");
        }
        clock.advance(Duration.ofMinutes(16));
        assertThat(accounts.login("ops", "wrong").status()).isEqualTo(Status.INVALID);
        assertThat(store.throttle("ops").failures()).isEqualTo(1);
        assertThat(accounts.login("ops", "a long enough password").status()).isEqualTo(Status.OK);
    }

    @Test
    void unknownUsersAreRefusedAndLockedExactlyLikeKnownOnes() {
        accounts.create("ops", "a long enough password");
        for (int i = 0; i < 5; i++) {
            assertThat(accounts.login("ghost", "whatever pw").status()).isEqualTo(Status.INVALID);
            assertThat(accounts.login("ops", "whatever pw").status()).isEqualTo(Status.INVALID);
        }
        assertThat(accounts.login("ghost", "whatever pw").status()).isEqualTo(Status.LOCKED);
        assertThat(accounts.login("ops", "whatever pw").status()).isEqualTo(Status.LOCKED);
        assertThat(accounts.login(null, null).status()).isEqualTo(Status.INVALID);
        assertThat(accounts.login("has space", "x").status()).isEqualTo(Status.INVALID);
    }

    @Test
    void theLockIsStoredSoANewInstanceSeesIt() {
        accounts.create("ops", "a long enough password");
        for (int i = 0; i < 5; i++) {
            accounts.login("ops", "wrong");
        }
        AdminAccounts afterRestart = new AdminAccounts(store, PasswordHasherTest.FAST, clock, 5, Duration.ofMinutes(15),
                Duration.ofMinutes(15));
        assertThat(afterRestart.login("ops", "a long enough password").status()).isEqualTo(Status.LOCKED);
    }
}
