package org.shoptide.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.shoptide.core.store.Micros;

/** JDBC helpers shared by the PostgreSQL stores. Instants are BIGINT microseconds since the epoch ({@link Micros}). */
final class Sql {

    /** SQLSTATE of a unique or primary-key violation. */
    static final String UNIQUE_VIOLATION = "23505";

    private Sql() {
    }

    static void setNullableString(PreparedStatement p, int index, String value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.VARCHAR);
        } else {
            p.setString(index, value);
        }
    }

    static void setNullableDouble(PreparedStatement p, int index, Double value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.DOUBLE);
        } else {
            p.setDouble(index, value);
        }
    }

    static Double getNullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static void setNullableInstant(PreparedStatement p, int index, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, Micros.toMicros(t));
        }
    }

    static Instant getNullableInstant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Micros.fromMicros(v);
    }

    /** True when {@code e} (or an exception it wraps) is a primary-key or unique-constraint violation. */
    static boolean isUniqueViolation(Throwable e) {
        Throwable t = e;
        for (int depth = 0; t != null && depth < 20; depth++, t = t.getCause()) {
            if (t instanceof SQLException se && UNIQUE_VIOLATION.equals(se.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a transaction-scoped advisory lock on {@code (namespace, key)}, waiting while another transaction (on any
     * node) holds it; it is released at commit or rollback. This is how a read-then-write that SQLite serialized with
     * its single writer is serialized across nodes when no row exists yet to lock. The 64-bit lock id is PostgreSQL's
     * {@code hashtextextended}; a hash collision only makes two unrelated callers wait for each other.
     */
    static void advisoryLock(Connection c, String namespace, String key) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            p.setString(1, namespace + ':' + key);
            p.executeQuery().close();
        }
    }
}
