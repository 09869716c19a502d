package org.shoptide.embedded.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.port.StoreException;

class SqliteMigrationsTest {

    @TempDir
    Path dir;

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("m.db"));
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void appliesInOrderOnceAndStopsAtAFailingMigrationLeavingItUnapplied() throws SQLException {
        Map<String, String> scripts = Map.of("V1__one.sql", "CREATE TABLE one (a TEXT);\n", "V2__two.sql",
                "CREATE TABLE two (a TEXT);\nINSERT INTO two (a) VALUES ('x');\n", "V3__broken.sql",
                "CREATE TABLE three (a TEXT);\nINSERT INTO no_such_table VALUES (1);\n");
        try (Connection c = connect()) {
            assertThat(SqliteMigrations.migrate(c, dir, List.of("V1__one.sql", "V2__two.sql"), scripts::get))
                    .isEqualTo(2);
            assertThat(SqliteMigrations.migrate(c, dir, List.of("V1__one.sql", "V2__two.sql"), scripts::get))
                    .isEqualTo(2); // nothing re-applied: a second INSERT or CREATE would fail
            assertThatThrownBy(() -> SqliteMigrations.migrate(c, dir,
                    List.of("V1__one.sql", "V2__two.sql", "V3__broken.sql"), scripts::get))
                            .isInstanceOf(StoreException.class).hasMessageContaining("V3__broken.sql");
            assertThat(SqliteMigrations.currentVersion(c)).isEqualTo(2);
            assertThat(tables(c)).containsExactly("one", "schema_version", "two");
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void refusesANewerSchemaBeforeTouchingIt() throws SQLException {
        try (Connection c = connect()) {
            SqliteMigrations.migrate(c, dir, List.of("V1__one.sql", "V2__two.sql"),
                    name -> "CREATE TABLE t" + name.charAt(1) + " (a TEXT);");
            assertThatThrownBy(() -> SqliteMigrations.migrate(c, dir, List.of("V1__one.sql"), name -> {
                throw new AssertionError("must not load " + name);
            })).isInstanceOf(StoreException.class).hasMessageContaining("schema version 2")
                    .hasMessageContaining("versions up to 1");
        }
    }

    @Test
    void rejectsMisnumberedMigrations() throws SQLException {
        try (Connection c = connect()) {
            assertThatThrownBy(
                    () -> SqliteMigrations.migrate(c, dir, List.of("V2__two.sql", "V1__one.sql"), name -> ""))
                            .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(
                    () -> SqliteMigrations.migrate(c, dir, List.of("V1__one.sql", "V1__again.sql"), name -> ""))
                            .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> SqliteMigrations.migrate(c, dir, List.of("one.sql"), name -> ""))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void shippedMigrationsAreWellFormed() throws SQLException {
        try (Connection c = connect()) {
            assertThat(SqliteMigrations.migrate(c, dir)).isEqualTo(SqliteMigrations.latestKnownVersion());
            assertThat(tables(c)).contains("items", "shops", "users", "user_aliases", "schema_version", "rule_sets",
                    "experiments", "admin_accounts", "admin_login_throttle");
        }
    }

    @Test
    void laterVersionsKeepExistingShopsWithTheirNewSettingsOff() throws Exception {
        java.util.function.Function<String, String> shipped = name -> {
            try (var in = SqliteMigrations.class.getResourceAsStream(name)) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        try (Connection c = connect()) {
            SqliteMigrations.migrate(c, dir, List.of("V1__entities.sql"), shipped);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO shops (shop_id, name, created_at, publishable_key_hash, secret_key_hash,"
                        + " custom_event_weights, training_time) VALUES ('old', 'Old', 0, 'p', 's', '{}', NULL)");
            }
            assertThat(SqliteMigrations.migrate(c, dir)).isEqualTo(SqliteMigrations.latestKnownVersion());
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT attribution_window_minutes, exploration_rate,"
                            + " tracking_consent_required FROM shops WHERE shop_id = 'old'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
                assertThat(rs.getDouble(2)).isZero();
                // version 3: tracker.js consent mode is off for shops that existed before it
                assertThat(rs.getInt(3)).isZero();
            }
        }
    }
}
