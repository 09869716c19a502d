package org.shoptide.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shoptide.server.admin.auth.AdminAccounts;
import org.shoptide.server.admin.auth.PasswordHasher;
import org.shoptide.testing.fake.InMemoryAdminAccountStore;
import org.shoptide.testing.fake.MutableClock;

/** The demo's dashboard account can be reset on a later start; the banner is framed and says where the log goes. */
class DemoAdminTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final AdminAccounts accounts = new AdminAccounts(new InMemoryAdminAccountStore(),
            new PasswordHasher(64, 1, 1), clock, 5, Duration.ofMinutes(15), Duration.ofMinutes(15));

    @Test
    void theFirstStartCreatesTheAccountAndALaterStartResetsItOnRequest() {
        DemoAdmin.Outcome first = DemoAdmin.ensure(accounts, null, false);
        assertThat(first.password()).hasSize(20);
        assertThat(first.reset()).isFalse();
        assertThat(login(first.password())).isEqualTo(AdminAccounts.Status.OK);

        assertThat(DemoAdmin.ensure(accounts, "", false).password()).as("a plain later start").isNull();
        assertThat(login(first.password())).isEqualTo(AdminAccounts.Status.OK);

        DemoAdmin.Outcome reset = DemoAdmin.ensure(accounts, null, true);
        assertThat(reset.reset()).isTrue();
        assertThat(reset.password()).isNotEqualTo(first.password());
        assertThat(login(first.password())).isEqualTo(AdminAccounts.Status.INVALID);
        assertThat(login(reset.password())).isEqualTo(AdminAccounts.Status.OK);

        DemoAdmin.Outcome chosen = DemoAdmin.ensure(accounts, "chosen-password-123", false);
        assertThat(chosen).isEqualTo(new DemoAdmin.Outcome("chosen-password-123", true));
        assertThat(login("chosen-password-123")).isEqualTo(AdminAccounts.Status.OK);
        assertThat(accounts.list()).hasSize(1);
    }

    @Test
    void aResetClearsALockout() {
        DemoAdmin.ensure(accounts, "first-password-123", false);
        for (int i = 0; i < 5; i++) {
            login("wrong-password-000");
        }
        assertThat(login("first-password-123")).isEqualTo(AdminAccounts.Status.LOCKED);
        DemoAdmin.ensure(accounts, null, true);
        assertThat(accounts.login(DemoAdmin.USER, "nope-nope-nope").status()).isEqualTo(AdminAccounts.Status.INVALID);
    }

    @Test
    void theBannerIsFramedAndNamesKeysPasswordAndAccessLog() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DemoBanner.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "http://127.0.0.1:8080", "pk_1", "sk_2",
                true, new DemoAdmin.Outcome("pw-123456789012", true), Path.of("/data/logs/access.log"));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(DemoBanner.RULE::equals)).hasSize(2);
        assertThat(text).contains("publishable key: pk_1").contains("secret key:      sk_2")
                .contains("password: pw-123456789012   (reset now)").contains("--reset-admin-password")
                .contains("Access log (one JSON line per request): /data/logs/access.log");
    }

    private AdminAccounts.Status login(String password) {
        return accounts.login(DemoAdmin.USER, password).status();
    }
}
