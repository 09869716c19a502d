package org.shoptide.elt.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A versioned SQL transformation: one file {@code NN_name.sql} whose leading comment lines declare
 *
 * <pre>
 * -- name: mart_customer_360          (default: the file name without NN_ and .sql)
 * -- version: 3                        (required; recorded in the run's lineage)
 * -- depends: stg_orders, raw_shop2_orders, events
 * -- test: unique(customer_key)        (any number)
 * </pre>
 *
 * followed by one SELECT. Dependencies are other models, {@code raw_SOURCE} (the raw records of a source, all loads) or
 * {@code events} (the shop's event lake). The SQL is written in the subset DuckDB and Spark SQL share, in Spark's
 * spelling; {@code {{as_of}}} is the run's reference day as a DATE literal (see {@code docs/CUSTOMER360.md}).
 */
public record SqlModel(String name, int version, List<String> depends, List<DataTest> tests, String sql, String file) {
    private static final Pattern HEADER = Pattern.compile("-- ?([a-z_]+):\\s*(.*)");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern FILE = Pattern.compile("(?:\\d+_)?([a-z][a-z0-9_]*)\\.sql");

    public SqlModel {
        Objects.requireNonNull(name, "name");
        depends = List.copyOf(depends);
        tests = List.copyOf(tests);
    }

    /** Every {@code *.sql} file of {@code dir}, in file-name order. */
    public static List<SqlModel> readDir(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("models directory " + dir + " does not exist");
        }
        List<SqlModel> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList()) {
                out.add(parse(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** The customer-360 models shipped in this module ({@code org/shoptide/elt/models/}, listed in index.txt). */
    public static List<SqlModel> shipped() {
        List<SqlModel> out = new ArrayList<>();
        for (String f : resource("index.txt").split("\n")) {
            if (!f.isBlank()) {
                out.add(parse(f.trim(), resource(f.trim())));
            }
        }
        return out;
    }

    private static String resource(String name) {
        try (InputStream in = SqlModel.class.getResourceAsStream("/org/shoptide/elt/models/" + name)) {
            if (in == null) {
                throw new IllegalStateException("shipped model " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SqlModel parse(String fileName, String text) {
        Matcher fm = FILE.matcher(fileName);
        String name = fm.matches() ? fm.group(1) : null;
        Integer version = null;
        Set<String> depends = new LinkedHashSet<>();
        List<DataTest> tests = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        boolean header = true;
        for (String line : text.split("\n", -1)) {
            String t = line.trim();
            Matcher m = HEADER.matcher(t);
            if (header && m.matches()) {
                String v = m.group(2).trim();
                switch (m.group(1)) {
                    case "name" -> name = v;
                    case "version" -> {
                        try {
                            version = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            errors.add("version must be an integer, got '" + v + "'");
                        }
                    }
                    case "depends" -> {
                        for (String d : v.split(",")) {
                            if (!d.isBlank()) {
                                depends.add(d.trim());
                            }
                        }
                    }
                    case "test" -> {
                        try {
                            tests.add(DataTest.parse(v));
                        } catch (IllegalArgumentException e) {
                            errors.add(e.getMessage());
                        }
                    }
                    case "description" -> {
                    }
                    default -> errors.add("unknown header '" + m.group(1) + "'");
                }
                continue;
            }
            if (header && (t.isEmpty() || t.startsWith("--"))) {
                continue;
            }
            header = false;
            body.append(line).append('\n');
        }
        if (name == null || !NAME.matcher(name).matches()) {
            errors.add("name must be [a-z][a-z0-9_]*, got '" + name + "'");
        }
        if (version == null) {
            errors.add("'-- version: N' is required");
        }
        for (String d : depends) {
            if (!NAME.matcher(d).matches()) {
                errors.add("dependency '" + d + "' is not a valid name");
            }
        }
        String sql = body.toString().strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty()) {
            errors.add("the model has no SELECT");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("model " + fileName + ": " + String.join("; ", errors));
        }
        return new SqlModel(name, version, new ArrayList<>(depends), tests, sql, fileName);
    }
}
