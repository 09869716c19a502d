package org.shoptide.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;

/**
 * Catalog feed definitions of each shop and the state of each feed's last run (ADR 0026). The store keeps a feed's
 * kind, URL, interval and enabled flag as columns (the scheduler reads them) and its options (mapping, auth, currency,
 * ...) as text the feeds module writes and reads (canonical JSON, not interpreted here). Contract:
 * {@code FeedStoreContract} in shoptide-testing.
 * <ul>
 * <li>Ids are unique per shop; creating an id twice fails and changes nothing.
 * <li>{@link #tryLease} is atomic across threads and processes: of concurrent callers, at most one gets the lease of a
 * feed until it expires or {@link #recordRun} releases it. That is how runs of one feed never overlap.
 * <li>{@link #recordRun} replaces the last run and the HTTP validators (ETag / Last-Modified per URL) in one
 * transaction. Deleting a feed deletes its run state.
 * <li>Acknowledged writes are durable; shops are isolated.
 * </ul>
 */
public interface FeedStore {

    /** Stores a new feed; throws {@link IllegalStateException} when the shop already has one with that id. */
    void create(FeedRecord feed);

    Optional<FeedRecord> get(ShopId shop, String id);

    /** The shop's feeds ordered by id. */
    List<FeedRecord> list(ShopId shop);

    /** Every enabled feed of every shop, ordered by shop then id: what the scheduler considers. */
    List<FeedRecord> enabled();

    /** Replaces everything but shop, id and creation time; false when the feed does not exist. */
    boolean update(FeedRecord feed);

    /** Deletes the feed and its run state; false when it did not exist. */
    boolean delete(ShopId shop, String id);

    /**
     * Takes the feed's run lease until {@code until} when nobody holds it (no lease, or one that expired at or before
     * {@code now}). False when the feed does not exist or another run holds the lease.
     */
    boolean tryLease(ShopId shop, String id, Instant now, Instant until);

    /** Records a finished run (success or failure) with the validators to send next time, and releases the lease. */
    void recordRun(ShopId shop, String id, FeedRun run);

    /** The feed's last recorded run, or empty when it never ran. */
    Optional<FeedRun> lastRun(ShopId shop, String id);

    /**
     * One feed definition.
     *
     * @param kind
     *            the connector's short name (json, csv, merchant, shopify, jsonld)
     * @param options
     *            the connector's options as the feeds module's canonical JSON
     */
    record FeedRecord(ShopId shop, String id, String kind, String url, Duration interval, boolean enabled,
            String options, Instant createdAt, Instant updatedAt) {
        public FeedRecord {
            Objects.requireNonNull(shop, "shop");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(options, "options");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(updatedAt, "updatedAt");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("a feed's interval must be positive, got " + interval);
            }
        }
    }

    /**
     * A finished run.
     *
     * @param outcome
     *            success, failure or not_modified
     * @param validators
     *            the validators of every URL the next run should send as conditional request headers
     * @param report
     *            the run's report as the feeds module's JSON
     */
    record FeedRun(Instant startedAt, Instant finishedAt, String outcome, Map<String, Validators> validators,
            String report) {
        public FeedRun {
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(report, "report");
            validators = validators == null ? Map.of() : Map.copyOf(validators);
        }
    }

    /** HTTP cache validators of one URL (RFC 9110 section 8.8); either may be null, not both. */
    record Validators(String etag, String lastModified) {
        public Validators {
            if (etag == null && lastModified == null) {
                throw new IllegalArgumentException("validators need an ETag or a Last-Modified value");
            }
        }
    }
}
