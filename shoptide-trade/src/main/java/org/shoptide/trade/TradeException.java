package org.shoptide.trade;

import java.util.Objects;

/**
 * A trade call refused: the {@link Kind} tells the HTTP layer the status (400, 404, 409, 503), {@code field} names the
 * offending input where there is one. Nothing was changed by a refused call.
 */
public final class TradeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a call was refused. */
    public enum Kind {
        /** The input is invalid (400). */
        INVALID,
        /** The order, payment or budget does not exist (404). */
        NOT_FOUND,
        /** The call does not fit the current state, e.g. an illegal transition (409). */
        CONFLICT,
        /** The payment provider could not be reached; the same call may be retried (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String field;

    public TradeException(Kind kind, String field, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.field = field;
    }

    public static TradeException invalid(String field, String message) {
        return new TradeException(Kind.INVALID, field, message);
    }

    public static TradeException notFound(String what, String id) {
        return new TradeException(Kind.NOT_FOUND, null, "no " + what + " '" + id + "'");
    }

    public static TradeException conflict(String message) {
        return new TradeException(Kind.CONFLICT, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The input field at fault, or null. */
    public String field() {
        return field;
    }
}
