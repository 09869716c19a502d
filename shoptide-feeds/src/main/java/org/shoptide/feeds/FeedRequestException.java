package org.shoptide.feeds;

import java.util.List;

/** A feed request that cannot be served; {@link #reason()} says which HTTP status fits. Changes nothing. */
public final class FeedRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** The definition is invalid: see {@link #violations()}. */
        INVALID,
        /** No such feed in the shop. */
        NOT_FOUND,
        /** A feed with that id exists already. */
        CONFLICT,
        /** A run of that feed is in progress. */
        BUSY
    }

    private final Reason reason;
    @SuppressWarnings("serial") // never serialised
    private final List<FieldViolation> violations;

    public FeedRequestException(Reason reason, String message, List<FieldViolation> violations) {
        super(message);
        this.reason = reason;
        this.violations = List.copyOf(violations);
    }

    public Reason reason() {
        return reason;
    }

    public List<FieldViolation> violations() {
        return violations;
    }
}
