package org.shoptide.core.profile;

import java.util.Comparator;
import java.util.Objects;

/**
 * One node of the identity graph: a kind and a value (a user id, a hashed e-mail, ...). Values are compared exactly.
 * Ordered by kind, then value, which fixes the orientation of a stored link.
 */
public record Identifier(IdentityKind kind, String value) implements Comparable<Identifier> {
    private static final Comparator<Identifier> ORDER = Comparator.comparing(Identifier::kind)
            .thenComparing(Identifier::value);

    public Identifier {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("an identifier's value must not be empty");
        }
    }

    public static Identifier user(String userId) {
        return new Identifier(IdentityKind.USER, userId);
    }

    @Override
    public int compareTo(Identifier o) {
        return ORDER.compare(this, o);
    }

    /** {@code kind:value}, e.g. {@code anonymous:v-42}. */
    @Override
    public String toString() {
        return kind.code() + ":" + value;
    }
}
