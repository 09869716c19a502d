package org.shoptide.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.embedded.sqlite.SqliteAdminAccountStore;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.server.InMemoryEngine;
import org.shoptide.server.admin.auth.PasswordHasher;
import org.shoptide.server.cli.ShoptideCli;

/** {@code shoptide admin add-user | list | delete} over the real SQLite store. */
class AdminCliTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final InMemoryEngine memory = new InMemoryEngine(Clock.systemUTC());

    int run(String stdin, String... args) {
        out.reset();
        err.reset();
        String[] all = java.util.stream.Stream
                .concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--data-dir", dir.toString()))
                .toArray(String[]::new);
        return ShoptideCli.run((c, shops, items, users, rules, experiments, log, models, clock) -> memory.newEngine(),
                Map.of(), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                all);
    }

    @Test
    void addListDeleteWithThePasswordFromStdin() {
        assertThat(run("s3cret passphrase!\n", "admin", "add-user", "--username", "ops", "--password-stdin"))
                .isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Created operator account 'ops'");
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"))) {
            String hash = new SqliteAdminAccountStore(db).find("ops").orElseThrow().passwordHash();
            assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
            assertThat(PasswordHasher.OWASP.verify("s3cret passphrase!", hash)).isTrue();
        }
        assertThat(run("another passphrase\n", "admin", "add-user", "--username", "ops", "--password-stdin"))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("already exists");
        assertThat(run("short\n", "admin", "add-user", "--username", "x", "--password-stdin")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("12 to 1024");
        assertThat(run("", "admin", "add-user", "--username", "y", "--password-stdin")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no password");

        assertThat(run("", "admin", "list")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("ops").doesNotContain("argon2");
        assertThat(run("", "admin", "delete", "--username", "ops")).isEqualTo(0);
        assertThat(run("", "admin", "delete", "--username", "ops")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no operator account named 'ops'");
    }
}
