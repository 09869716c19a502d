package org.shoptide.community;

import java.util.List;

/** A community request that cannot be done; {@link #kind()} says how the caller should answer. */
public final class CommunityException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Kind {
        /** Invalid input; {@link #problems()} has one "field: message" per problem. Nothing was stored. */
        INVALID,
        /** The post (or the parent of a comment) does not exist. */
        NOT_FOUND,
        /** The caller may not do this (deleting another author's post). */
        FORBIDDEN,
        /** The author wrote too many posts recently. */
        RATE_LIMITED
    }

    private final Kind kind;
    private final transient List<String> problems;

    public CommunityException(Kind kind, String message, List<String> problems) {
        super(message);
        this.kind = kind;
        this.problems = List.copyOf(problems);
    }

    public CommunityException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    public Kind kind() {
        return kind;
    }

    public List<String> problems() {
        return problems;
    }
}
