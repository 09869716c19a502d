package org.shoptide.elt;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Opens in-memory DuckDB connections for the ELT and quotes SQL literals and identifiers. */
public final class Duck {
    private Duck() {
    }

    /**
     * An in-memory DuckDB connection that never downloads extensions (Parquet, JSON and ICU are linked into the
     * driver). {@code threads} 0 keeps DuckDB's default (all cores).
     */
    public static Connection open(int threads) throws SQLException {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("DuckDB JDBC driver missing from the class path", e);
        }
        Properties p = new Properties();
        p.setProperty("autoinstall_known_extensions", "false");
        p.setProperty("autoload_known_extensions", "false");
        Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
        if (threads > 0) {
            try (Statement s = c.createStatement()) {
                s.execute("SET threads = " + threads);
            }
        }
        return c;
    }

    /** A SQL string literal. */
    public static String lit(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** A SQL string literal of a path. */
    public static String lit(Path p) {
        return lit(p.toAbsolutePath().toString());
    }

    /** A double-quoted SQL identifier. */
    public static String ident(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** The single long value of {@code sql}. */
    public static long scalarLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
