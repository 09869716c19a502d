package org.shoptide.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.shoptide.core.port.StoreException;

/**
 * One PostgreSQL schema shared by the entity stores of every API node: a HikariCP connection pool plus the schema
 * migrations ({@code db/postgres/V<n>__<name>.sql}, applied by Flyway on open).
 * <p>
 * The migrations carry the same versions and descriptions as the SQLite ones of shoptide-embedded, so both adapters
 * have one schema history. Several nodes may open the same database at once: Flyway serializes them with a PostgreSQL
 * advisory lock, and a second open is a no-op. A schema whose history is newer than this build knows is refused.
 * <p>
 * {@link #write} runs its work in one READ COMMITTED transaction; the stores add row locks, advisory locks and
 * {@code INSERT ... ON CONFLICT} wherever the SQLite adapter relied on its single writer (see each store).
 * {@link #read} runs in one REPEATABLE READ, READ ONLY transaction: one consistent snapshot. Thread-safe;
 * {@link #close()} once, when no more calls are made.
 */
public final class PostgresDatabase implements AutoCloseable {

    /**
     * The newest schema version this build knows (the highest migration number; numbers may have gaps, reserved by
     * parallel branches, and Flyway runs out of order so that a schema that got V12 first still gets V8 later).
     */
    public static final int SCHEMA_VERSION = 13;
    /** How long a caller waits for a pooled connection, and the driver for a new one. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final PostgresUri uri;
    private final HikariDataSource pool;
    private final int schemaVersion;

    /**
     * Opens a pool on {@code uri} (see {@link PostgresUri}) and migrates its schema.
     *
     * @throws IllegalArgumentException
     *             when the URI is malformed
     * @throws StoreException
     *             when the database cannot be reached (the message names host:port), a migration fails, or the schema
     *             is newer than this build
     */
    public PostgresDatabase(String uri) {
        this(PostgresUri.parse(uri));
    }

    /** Opens a pool on {@code uri} and migrates its schema; see {@link #PostgresDatabase(String)}. */
    public PostgresDatabase(PostgresUri uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        HikariConfig config = new HikariConfig();
        config.setPoolName("shoptide-postgres-" + uri.schema());
        config.setJdbcUrl(uri.jdbcUrl());
        if (uri.user() != null) {
            config.setUsername(uri.user());
        }
        if (uri.password() != null) {
            config.setPassword(uri.password());
        }
        Properties props = new Properties();
        props.putAll(uri.driverProperties());
        props.putIfAbsent("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        props.putIfAbsent("ApplicationName", "shoptide");
        // every store names its tables unqualified: they resolve in the configured schema
        props.put("currentSchema", uri.schema());
        config.setDataSourceProperties(props);
        config.setMaximumPoolSize(uri.poolSize());
        config.setMinimumIdle(Math.min(2, uri.poolSize()));
        config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        config.setAutoCommit(true);
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to PostgreSQL at " + uri.address() + " (schema " + uri.schema()
                    + "): " + rootMessage(e), e);
        }
        try {
            schemaVersion = migrate(ds, uri);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        this.pool = ds;
    }

    private static int migrate(DataSource ds, PostgresUri uri) {
        Flyway flyway = Flyway.configure(PostgresDatabase.class.getClassLoader()).dataSource(ds).schemas(uri.schema())
                .defaultSchema(uri.schema()).createSchemas(true).locations("classpath:db/postgres")
                .validateMigrationNaming(true).outOfOrder(true).cleanDisabled(true).load();
        try {
            flyway.migrate();
        } catch (FlywayException e) {
            throw new StoreException("PostgreSQL migration of schema " + uri.schema() + " at " + uri.address()
                    + " failed: " + rootMessage(e), e);
        }
        MigrationVersion current = flyway.info().current() == null ? null : flyway.info().current().getVersion();
        int version = current == null ? 0 : Integer.parseInt(current.getVersion());
        if (version > SCHEMA_VERSION) {
            throw new StoreException("PostgreSQL schema " + uri.schema() + " at " + uri.address()
                    + " has schema version " + version + ", but this Shoptide build only knows versions up to "
                    + SCHEMA_VERSION + ": it was written by a newer Shoptide. Run that version (or newer), or restore"
                    + " a backup taken before the upgrade.");
        }
        return version;
    }

    /** Where this database is. */
    public PostgresUri uri() {
        return uri;
    }

    /** The schema version after migration. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Work done with a JDBC connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one REPEATABLE READ, READ ONLY transaction (one consistent snapshot; writes fail). Do not
     * call {@link #read} or {@link #write} from inside {@code work}.
     *
     * @throws StoreException
     *             on an SQL error, or when no connection is free within the connect timeout
     */
    public <T> T read(SqlWork<T> work) {
        return inTransaction(true, work);
    }

    /**
     * Runs {@code work} in one READ COMMITTED transaction, committed when {@code work} returns, rolled back when it
     * throws anything (an unchecked exception from {@code work} is rethrown as is). Do not call {@link #read} or
     * {@link #write} from inside {@code work}.
     *
     * @throws StoreException
     *             on an SQL error (the transaction is rolled back)
     */
    public <T> T write(SqlWork<T> work) {
        return inTransaction(false, work);
    }

    private <T> T inTransaction(boolean readOnly, SqlWork<T> work) {
        Connection c;
        try {
            c = pool.getConnection();
        } catch (SQLException e) {
            throw new StoreException("no PostgreSQL connection to " + uri.address() + ": " + e.getMessage(), e);
        }
        try (c) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(
                    readOnly ? Connection.TRANSACTION_REPEATABLE_READ : Connection.TRANSACTION_READ_COMMITTED);
            c.setReadOnly(readOnly);
            boolean committed = false;
            try {
                T result = work.run(c);
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(c);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("PostgreSQL statement failed: " + e.getMessage(), e);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            // the original failure is more useful; the pool discards a broken connection
        }
    }

    /**
     * The versions and descriptions recorded in Flyway's schema history, oldest first: {@code "1 entities"}, ...
     */
    public List<String> schemaHistory() {
        return read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT version, description FROM flyway_schema_history"
                    + " WHERE success AND version IS NOT NULL ORDER BY installed_rank");
                    ResultSet rs = p.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2));
                }
                return out;
            }
        });
    }

    /** Closes the pool; calls in progress finish first. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + uri + "]";
    }

    /**
     * The message of {@code e}, followed by that of its innermost cause when it has one (e.g. "Connection refused").
     */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        for (int depth = 0; root.getCause() != null && depth < 20; depth++) {
            root = root.getCause();
        }
        return root.equals(e) ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root.getMessage() + ")";
    }
}
