package org.shoptide.embedded.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shoptide.core.port.StoreException;

/**
 * Schema migrations of the SQLite entity stores.
 * <p>
 * Each migration is a resource {@code org/shoptide/embedded/sqlite/V<n>__<name>.sql} listed in {@link #MIGRATIONS},
 * numbered in increasing order (1, 2, 3, ...; numbers are reserved per feature while features are built in parallel, so
 * a branch may skip the numbers of another that is not merged yet). Migrations never change once released; a schema
 * change is a new file. Each is applied in its own transaction together with its row in
 * {@code schema_version(version, name, applied_at)}, so a crash leaves the schema at a whole version. Statements are
 * separated by {@code ;} at the end of a line; {@code --} comments are allowed.
 */
final class SqliteMigrations {

    /** All migrations, in order. Append only. */
    static final List<String> MIGRATIONS = List.of("V1__entities.sql", "V2__rules_experiments.sql",
            "V3__admin_accounts.sql", "V4__tracking_consent.sql", "V5__trade.sql", "V6__customer_tokens.sql",
            "V7__conversations.sql", "V8__feeds.sql", "V9__price_tracking.sql", "V10__job_runs.sql", "V11__alerts.sql",
            "V12__community.sql", "V13__identity_profiles.sql");

    private static final Pattern NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.sql");

    private SqliteMigrations() {
    }

    /** The highest version this build knows. */
    static int latestKnownVersion() {
        return number(MIGRATIONS.get(MIGRATIONS.size() - 1));
    }

    private static int number(String resource) {
        Matcher m = NAME.matcher(resource);
        if (!m.matches()) {
            throw new IllegalStateException("migration " + resource + " must be named V<n>__<name>.sql");
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Brings the schema up to {@link #latestKnownVersion()}.
     *
     * @return the schema version afterwards
     *
     * @throws StoreException
     *             when the database has a newer schema than this build knows, or a migration fails
     */
    static int migrate(Connection c, Path file) throws SQLException {
        return migrate(c, file, MIGRATIONS, SqliteMigrations::load);
    }

    /**
     * Applies {@code migrations} (names {@code V<n>__<name>.sql}, n increasing) whose script text {@code loader}
     * returns. Separate from {@link #migrate(Connection, Path)} so tests can supply failing migrations.
     */
    static int migrate(Connection c, Path file, List<String> migrations, Function<String, String> loader)
            throws SQLException {
        int previous = 0;
        for (String resource : migrations) { // all names checked before anything is applied
            int version = number(resource);
            if (version <= previous) {
                throw new IllegalStateException("migration " + resource + " must be numbered above V" + previous);
            }
            previous = version;
        }
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY,"
                    + " name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        }
        int known = migrations.isEmpty() ? 0 : number(migrations.get(migrations.size() - 1));
        checkNotNewer(currentVersion(c), known, file);
        for (String resource : migrations) {
            Matcher m = NAME.matcher(resource);
            if (!m.matches()) {
                throw new IllegalStateException("migration " + resource + " must be named V<n>__<name>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            c.setAutoCommit(false); // BEGIN IMMEDIATE: another process migrating concurrently waits here
            try {
                checkNotNewer(currentVersion(c), known, file);
                if (!isApplied(c, version)) { // by row, not by maximum: a lower number merged later still applies
                    String sql = loader.apply(resource);
                    try (Statement s = c.createStatement()) {
                        for (String statement : split(sql)) {
                            s.executeUpdate(statement);
                        }
                    }
                    try (PreparedStatement p = c.prepareStatement(
                            "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                        p.setInt(1, version);
                        p.setString(2, m.group(2));
                        p.setLong(3, System.currentTimeMillis());
                        p.executeUpdate();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (e instanceof StoreException se) {
                    throw se;
                }
                throw new StoreException("SQLite migration " + resource + " of " + file + " failed: " + e.getMessage(),
                        e);
            } finally {
                c.setAutoCommit(true);
            }
        }
        return currentVersion(c);
    }

    private static void checkNotNewer(int current, int known, Path file) {
        if (current > known) {
            throw new StoreException("SQLite database " + file + " has schema version " + current
                    + ", but this Shoptide build only knows versions up to " + known
                    + ": it was written by a newer Shoptide. Run that version (or newer), or restore a backup"
                    + " taken before the upgrade.");
        }
    }

    private static boolean isApplied(Connection c, int version) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM schema_version WHERE version = ?")) {
            p.setInt(1, version);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next();
            }
        }
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String load(String resource) {
        try (InputStream in = SqliteMigrations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StoreException("cannot read migration " + resource, e);
        }
    }

    /** Splits a script into statements: drops {@code --} comment lines, splits at {@code ;} ending a line. */
    static List<String> split(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
