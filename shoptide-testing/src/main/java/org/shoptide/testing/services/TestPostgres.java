package org.shoptide.testing.services;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server tests run against: the JDBC URL in env {@value #ENV}, e.g.
 * {@code jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres} (CI starts one with {@code bin/services}).
 * <p>
 * When the variable is unset, a test calling {@link #url()} is skipped (a JUnit assumption), except under
 * {@code CI=true} where it fails: CI must never pass by silently skipping the PostgreSQL tests. Each test class works
 * in its own schema named by {@link #uniqueSchema(String)}, so tests never see each other's rows, and drops it when
 * done.
 */
public final class TestPostgres {

    /** The environment variable holding the JDBC URL. */
    public static final String ENV = "SHOPTIDE_TEST_POSTGRES";

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPostgres() {
    }

    /** The server's JDBC URL; skips the calling test when unset, or fails it when {@code CI=true}. */
    public static String url() {
        String url = System.getenv(ENV);
        if (url == null || url.isBlank()) {
            String message = ENV + " is not set: PostgreSQL tests need a server, e.g. " + ENV
                    + "='jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres' (bin/services starts one)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        return url.strip();
    }

    /**
     * A schema name not used before: {@code prefix} (lower-cased, letters, digits and underscores) plus 12 random hex
     * digits, a plain SQL identifier of at most 63 characters.
     */
    public static String uniqueSchema(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "t_" + clean;
        }
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String suffix = "_" + HexFormat.of().formatHex(bytes);
        return clean.substring(0, Math.min(clean.length(), 63 - suffix.length())) + suffix;
    }

    /** {@link #url()} with {@code name=value} appended as one more query parameter. */
    public static String urlWith(String name, String value) {
        String url = url();
        return url + (url.contains("?") ? "&" : "?") + name + "=" + value;
    }
}
