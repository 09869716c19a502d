package org.shoptide.elt.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data test of a model, declared in its header ({@code -- test: ...}). Each kind is a query over the built model that
 * counts offending rows; the model is published only when every count is 0.
 * <ul>
 * <li>{@code not_null(col)}: rows where {@code col} is null
 * <li>{@code unique(col)}: rows whose {@code col} value occurs more than once (nulls ignored)
 * <li>{@code accepted_values(col, 'a', 'b', ...)}: rows whose non-null {@code col} is not one of the values
 * <li>{@code row_count(min=N, max=M)}: the row count, offending when outside [N, M] (either bound optional)
 * </ul>
 * The SQL is in the subset DuckDB and Spark SQL share.
 */
public record DataTest(String kind, String column, List<String> values, long min, long max, String text) {
    private static final Pattern CALL = Pattern.compile("([a-z_]+)\\s*\\((.*)\\)\\s*");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BOUND = Pattern.compile("\\s*(min|max)\\s*=\\s*(\\d+)\\s*");

    public DataTest {
        Objects.requireNonNull(kind, "kind");
        values = List.copyOf(values);
    }

    /** Parses one {@code -- test:} declaration. */
    public static DataTest parse(String text) {
        Matcher m = CALL.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("data test must look like kind(args), got '" + text + "'");
        }
        String kind = m.group(1);
        List<String> args = splitArgs(m.group(2));
        return switch (kind) {
            case "not_null", "unique" -> single(kind, args, text);
            case "accepted_values" -> accepted(args, text);
            case "row_count" -> rowCount(args, text);
            default -> throw new IllegalArgumentException(
                    "unknown data test '" + kind + "' (not_null, unique, accepted_values, row_count)");
        };
    }

    private static DataTest single(String kind, List<String> args, String text) {
        if (args.size() != 1 || !IDENT.matcher(args.get(0)).matches()) {
            throw new IllegalArgumentException(kind + " takes one column name, got '" + text + "'");
        }
        return new DataTest(kind, args.get(0), List.of(), 0, 0, text.trim());
    }

    private static DataTest accepted(List<String> args, String text) {
        if (args.size() < 2 || !IDENT.matcher(args.get(0)).matches()) {
            throw new IllegalArgumentException(
                    "accepted_values takes a column and at least one 'value', got '" + text + "'");
        }
        List<String> vals = new ArrayList<>();
        for (String a : args.subList(1, args.size())) {
            if (a.length() < 2 || !a.startsWith("'") || !a.endsWith("'")) {
                throw new IllegalArgumentException("accepted_values values must be quoted, got " + a);
            }
            vals.add(a.substring(1, a.length() - 1).replace("''", "'"));
        }
        return new DataTest("accepted_values", args.get(0), vals, 0, 0, text.trim());
    }

    private static DataTest rowCount(List<String> args, String text) {
        long min = 0;
        long max = Long.MAX_VALUE;
        for (String a : args) {
            Matcher b = BOUND.matcher(a);
            if (!b.matches()) {
                throw new IllegalArgumentException("row_count takes min=N and/or max=N, got '" + text + "'");
            }
            if (b.group(1).equals("min")) {
                min = Long.parseLong(b.group(2));
            } else {
                max = Long.parseLong(b.group(2));
            }
        }
        if (min > max) {
            throw new IllegalArgumentException("row_count min > max in '" + text + "'");
        }
        return new DataTest("row_count", "", List.of(), min, max, text.trim());
    }

    /** A query returning one number: offending rows, or for {@code row_count} the row count. */
    public String sql(String table) {
        String c = column;
        return switch (kind) {
            case "not_null" -> "SELECT count(*) FROM " + table + " WHERE " + c + " IS NULL";
            case "unique" -> "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM " + table + " WHERE " + c
                    + " IS NOT NULL GROUP BY " + c + " HAVING count(*) > 1) d";
            case "accepted_values" -> "SELECT count(*) FROM " + table + " WHERE " + c + " IS NOT NULL AND CAST(" + c
                    + " AS STRING) NOT IN ("
                    + String.join(", ", values.stream().map(v -> "'" + v.replace("'", "''") + "'").toList()) + ")";
            case "row_count" -> "SELECT count(*) FROM " + table;
            default -> throw new IllegalStateException(kind);
        };
    }

    /** Whether the number {@link #sql} returned passes. */
    public boolean passes(long n) {
        return kind.equals("row_count") ? n >= min && n <= max : n == 0;
    }

    /** What a failure means, for the report. */
    public String describe(long n) {
        return kind.equals("row_count") ? "test " + text + " failed: " + n + " rows"
                : "test " + text + " failed: " + n + " offending rows";
    }

    private static List<String> splitArgs(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            }
            if (ch == ',' && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        if (!cur.toString().isBlank()) {
            out.add(cur.toString().trim());
        }
        return out;
    }
}
