package org.shoptide.testing.services;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What tests of training on Spark need from the machine: a Java 17/21 runtime for the Spark job (and the job built).
 * When it is missing the test is skipped with a JUnit assumption, except when the environment has {@code CI=true},
 * where it fails, so CI never skips these tests silently.
 */
public final class TestSpark {
    private TestSpark() {
    }

    /**
     * The value {@code lookup} finds (e.g. the Java 17 home), or skips the test (fails under {@code CI=true}) with
     * {@code what} and the lookup's message when it throws.
     */
    public static <T> T require(String what, Callable<T> lookup) {
        try {
            return lookup.call();
        } catch (Exception e) {
            String message = what + " is not available: " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                return Assertions.fail(message + " (CI=true: required)", e);
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable", e);
        }
    }
}
