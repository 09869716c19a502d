package org.shoptide.testing.services;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.UUID;

/**
 * The Redis server tests run against: {@code SHOPTIDE_TEST_REDIS} (e.g. {@code redis://127.0.0.1:56379}, started by
 * {@code bin/services}). When it is unset a test needing Redis is skipped, except under {@code CI=true}, where it
 * fails: CI never skips a service test silently.
 */
public final class TestRedis {
    public static final String ENV = "SHOPTIDE_TEST_REDIS";

    private TestRedis() {
    }

    /** The server's URI (no query); skips or fails the calling test when none is configured. */
    public static String uri() {
        String uri = System.getenv(ENV);
        if (uri == null || uri.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(ENV + " is not set but CI=true: Redis tests must run on CI "
                        + "(bin/services starts a Redis and exports " + ENV + ")");
            }
            assumeTrue(false, ENV + " is not set: Redis test skipped");
        }
        return uri.strip();
    }

    /** A key prefix no other test uses, e.g. {@code test:RealtimeIT:3f2a…:}; delete its keys when done. */
    public static String freshPrefix(String testName) {
        return "test:" + testName + ":" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }
}
