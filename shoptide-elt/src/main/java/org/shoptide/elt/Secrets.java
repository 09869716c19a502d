package org.shoptide.elt;

import java.util.Objects;
import java.util.function.Function;

/**
 * Resolves secret references: {@code env:NAME} is the environment variable NAME. Values are never logged or put in
 * messages; only the reference is.
 */
public final class Secrets {
    private final Function<String, String> env;

    public Secrets(Function<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    public static Secrets fromEnvironment() {
        return new Secrets(System::getenv);
    }

    public String resolve(String ref) {
        if (ref == null || !ref.startsWith("env:") || ref.length() == 4) {
            throw new IllegalArgumentException("secret reference must be env:NAME, got '" + ref + "'");
        }
        String v = env.apply(ref.substring(4));
        if (v == null || v.isEmpty()) {
            throw new IllegalArgumentException("secret " + ref + " is not set");
        }
        return v;
    }
}
