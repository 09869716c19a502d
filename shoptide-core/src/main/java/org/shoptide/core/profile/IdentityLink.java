package org.shoptide.core.profile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored edge of the identity graph: two identifiers a linking rule found to be the same person.
 *
 * @param id
 *            the store's id of the link (positive, unique per shop)
 * @param a
 *            the smaller identifier ({@link Identifier#compareTo})
 * @param b
 *            the larger identifier
 * @param rule
 *            the rule that made the link ({@code login}, {@code email_sha256}, ...; see the profile module's
 *            {@code IdentityRules})
 * @param confidence
 *            the rule's confidence in [0, 1]
 * @param sources
 *            the sources whose records made the link, sorted, at least one
 * @param createdAt
 *            when the link was first stored
 * @param undoneAt
 *            when an operator undid it, or null while it is active
 */
public record IdentityLink(long id, Identifier a, Identifier b, String rule, double confidence, List<String> sources,
        Instant createdAt, Instant undoneAt) {
    public IdentityLink {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(createdAt, "createdAt");
        sources = List.copyOf(sources);
        if (a.compareTo(b) >= 0) {
            throw new IllegalArgumentException(
                    "a link joins two different identifiers, smaller first: " + a + ", " + b);
        }
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new IllegalArgumentException("confidence must be in [0, 1], was " + confidence);
        }
    }

    /** Whether the link still counts (not undone). */
    public boolean active() {
        return undoneAt == null;
    }

    /** The other end of the link from {@code one}. */
    public Identifier other(Identifier one) {
        return one.equals(a) ? b : a;
    }
}
