package org.shoptide.embedded.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * JDBC helpers shared by the SQLite stores. Instants are stored as BIGINT microseconds since the epoch
 * ({@link org.shoptide.core.store.Micros}).
 */
final class Sql {

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

    /** True when {@code e} is a primary-key or unique-constraint violation. */
    static boolean isUniqueViolation(SQLException e) {
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            return code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                    || code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE;
        }
        return false;
    }
}
