package org.shoptide.feeds;

import java.util.List;

/**
 * A run that cannot apply: a page that could not be fetched, a document that cannot be parsed, items that fail
 * validation. Carries every error found (at most {@link #MAX_ERRORS}); the run changes nothing.
 */
public final class FeedException extends Exception {
    private static final long serialVersionUID = 1L;
    public static final int MAX_ERRORS = 100;

    @SuppressWarnings("serial") // never serialised
    private final List<FeedError> errors;

    public FeedException(List<FeedError> errors) {
        super(errors.isEmpty() ? "feed failed"
                : errors.get(0).toString() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors.subList(0, Math.min(errors.size(), MAX_ERRORS)));
    }

    public FeedException(FeedError error) {
        this(List.of(error));
    }

    public List<FeedError> errors() {
        return errors;
    }
}
