package org.shoptide.feeds;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What one run did. A failed run applied nothing: its counts are zero and {@code errors} says why. At most
 * {@link #MAX_LISTED} changes and {@link FeedException#MAX_ERRORS} errors are listed; the counts are complete.
 *
 * @param pages
 *            documents fetched (pages, files, sitemaps)
 * @param bytes
 *            body bytes fetched
 * @param itemsRead
 *            items the feed listed
 */
public record FeedReport(String feedId, String kind, Outcome outcome, Instant startedAt, Instant finishedAt, int pages,
        long bytes, int itemsRead, Counts counts, List<ItemChange> changes, List<FeedError> errors,
        List<FeedError> warnings) {

    public static final int MAX_LISTED = 100;

    public FeedReport {
        Objects.requireNonNull(feedId, "feedId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(counts, "counts");
        changes = List.copyOf(changes.subList(0, Math.min(changes.size(), MAX_LISTED)));
        errors = List.copyOf(errors.subList(0, Math.min(errors.size(), FeedException.MAX_ERRORS)));
        warnings = List.copyOf(warnings.subList(0, Math.min(warnings.size(), MAX_LISTED)));
    }

    public long durationMillis() {
        return finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }

    public boolean notModified() {
        return outcome == Outcome.NOT_MODIFIED;
    }

    /**
     * Items per kind of change; stock and price changes overlap with created / changed / gone.
     */
    public record Counts(int created, int changed, int gone, int unchanged, int stockChanged, int priceChanged) {
        public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);

        public int total() {
            return created + changed + gone;
        }
    }

    /** How a run ended. */
    public enum Outcome {
        SUCCESS, FAILURE, NOT_MODIFIED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
