package org.shoptide.embedded.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.shoptide.core.port.StoreException;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite database file shared by the embedded entity stores.
 * <p>
 * Connections are opened with WAL journaling, {@code synchronous=FULL} (a committed transaction is fsynced before
 * {@link #write} returns, so an acknowledged write survives a crash or power loss), foreign keys enforced and a busy
 * timeout. SQLite admits one writer at a time, so there is a single writer connection guarded by a fair lock, plus a
 * fixed pool of {@code query_only} reader connections: under WAL readers never block the writer nor each other, and
 * each {@link #read} sees one consistent snapshot. Callers may be platform or virtual threads; a caller blocks (without
 * holding any monitor) while every reader connection is busy, and fails with a {@link StoreException} after the busy
 * timeout.
 * <p>
 * On open, the schema migrations ({@link SqliteMigrations}) are applied in order, each in its own transaction. A file
 * whose schema is newer than this build knows is refused with a {@link StoreException}.
 * <p>
 * Thread-safe. {@link #close()} once, when no more calls are made.
 */
public final class SqliteDatabase implements AutoCloseable {

    /** Reader connections opened by {@link #SqliteDatabase(Path)}. */
    public static final int DEFAULT_READERS = 4;
    /** How long a statement waits for a lock held by another connection or process, and a caller for a reader. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    private final Path file;
    private final Duration busyTimeout;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final Connection writer;
    private final BlockingQueue<Connection> readers;
    private final int schemaVersion;
    private volatile boolean closed;

    /** Opens (creating if needed) the database file with {@value #DEFAULT_READERS} readers. */
    public SqliteDatabase(Path file) {
        this(file, DEFAULT_READERS, DEFAULT_BUSY_TIMEOUT);
    }

    /**
     * Opens (creating if needed) the database file and migrates its schema.
     *
     * @param file
     *            the database file; its parent directories are created
     * @param readerConnections
     *            size of the reader pool, at least 1
     * @param busyTimeout
     *            SQLite busy timeout, also the longest wait for a free reader connection
     *
     * @throws StoreException
     *             if the file cannot be opened or migrated, or its schema is newer than this build
     */
    public SqliteDatabase(Path file, int readerConnections, Duration busyTimeout) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.busyTimeout = Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (readerConnections < 1) {
            throw new IllegalArgumentException("readerConnections must be at least 1, got " + readerConnections);
        }
        List<Connection> opened = new ArrayList<>();
        try {
            Path parent = this.file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer = connect(SQLiteConfig.TransactionMode.IMMEDIATE, false);
            opened.add(writer);
            schemaVersion = SqliteMigrations.migrate(writer, this.file);
            readers = new ArrayBlockingQueue<>(readerConnections);
            for (int i = 0; i < readerConnections; i++) {
                Connection reader = connect(SQLiteConfig.TransactionMode.DEFERRED, true);
                opened.add(reader);
                readers.add(reader);
            }
        } catch (Exception e) {
            for (Connection c : opened) {
                closeQuietly(c);
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException("cannot open SQLite database " + this.file + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(SQLiteConfig.TransactionMode mode, boolean queryOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setEncoding(SQLiteConfig.Encoding.UTF8);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.setTransactionMode(mode);
        Connection c = config.createConnection("jdbc:sqlite:" + file);
        if (queryOnly) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA query_only = true");
            }
        }
        return c;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The schema version after migration, i.e. the highest migration this build knows. */
    public int schemaVersion() {
        return schemaVersion;
    }

    /** Work done with a JDBC connection. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a reader connection inside one read transaction (one consistent snapshot). The connection
     * rejects writes. Do not call {@link #read} or {@link #write} from inside {@code work}.
     *
     * @throws StoreException
     *             on an SQL error, or when no reader is free within the busy timeout
     */
    public <T> T read(SqlWork<T> work) {
        ensureOpen();
        Connection c;
        try {
            c = readers.poll(busyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for a SQLite reader connection", e);
        }
        if (c == null) {
            throw new StoreException("no SQLite reader connection became free within " + busyTimeout);
        }
        try {
            return inTransaction(c, work);
        } finally {
            readers.add(c);
            if (closed) {
                drainReaders();
            }
        }
    }

    /**
     * Runs {@code work} on the writer connection inside one {@code BEGIN IMMEDIATE} transaction, committed (and
     * fsynced) when {@code work} returns, rolled back when it throws anything. Do not call {@link #read} or
     * {@link #write} from inside {@code work}.
     *
     * @throws StoreException
     *             on an SQL error (the transaction is rolled back)
     */
    public <T> T write(SqlWork<T> work) {
        writeLock.lock();
        try {
            if (writeLock.getHoldCount() > 1) {
                throw new IllegalStateException("write() must not be called from inside write()");
            }
            ensureOpen();
            return inTransaction(writer, work);
        } finally {
            writeLock.unlock();
        }
    }

    private static <T> T inTransaction(Connection c, SqlWork<T> work) {
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            throw new StoreException("cannot begin SQLite transaction: " + e.getMessage(), e);
        }
        boolean committed = false;
        try {
            T result = work.run(c);
            c.commit();
            committed = true;
            return result;
        } catch (SQLException e) {
            throw new StoreException("SQLite statement failed: " + e.getMessage(), e);
        } finally {
            try {
                if (!committed) {
                    c.rollback();
                }
                c.setAutoCommit(true);
            } catch (SQLException e) {
                // The original failure (if any) is more useful; a broken rollback leaves SQLite to roll back on
                // close.
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("SQLite database " + file + " is closed");
        }
    }

    /**
     * Closes all connections. Reader connections in use are closed when their {@link #read} returns.
     */
    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            drainReaders();
            closeQuietly(writer);
        } finally {
            writeLock.unlock();
        }
    }

    private void drainReaders() {
        Connection c;
        while ((c = readers.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing useful to do while closing
        }
    }

    @Override
    public String toString() {
        return "SqliteDatabase[" + file + "]";
    }
}
