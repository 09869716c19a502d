package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.job.JobOutcome;
import org.shoptide.core.job.JobRun;
import org.shoptide.core.job.JobRunQuery;
import org.shoptide.core.job.NewJobRun;
import org.shoptide.core.shop.ShopId;

/**
 * The persisted runs of background jobs, shared by every node of a cluster. Contract: {@code JobStoreContract} in
 * shoptide-testing.
 * <p>
 * Every state change is a conditional update, so that stores opened by several processes on one database agree:
 * <ul>
 * <li>{@link #claim} moves a queued run to running for exactly one caller (of concurrent claims of one run, in any
 * number of processes, exactly one succeeds);
 * <li>{@link #finish} only ends a run that is still running and owned by the caller, and inserts the retry run (if any)
 * in the same transaction, so a failed run and its retry are never half written;
 * <li>{@link #abandon} only ends a running run whose heartbeat is older than the caller's bound (its owner died), so of
 * two nodes recovering it, one does, and its retry is inserted once;
 * <li>{@link #enqueueOnce} inserts a scheduled slot once per {@code (kind, shop, trigger, scheduledAt)}, so nodes that
 * all find a schedule due enqueue one run.
 * </ul>
 * Instants are kept to the microsecond.
 */
public interface JobStore {

    /** Inserts a queued run and returns it with its id. */
    JobRun enqueue(NewJobRun run);

    /**
     * Inserts a queued run unless a run with the same kind, shop, trigger and {@code scheduledAt} exists (of any
     * state); empty when it did exist.
     */
    Optional<JobRun> enqueueOnce(NewJobRun run);

    Optional<JobRun> find(long id);

    /** Runs matching {@code query}, newest (highest id) first. */
    List<JobRun> list(JobRunQuery query);

    /** The queued and running runs, oldest first (a small set: what waits and what runs now). */
    List<JobRun> active();

    /** The latest {@code scheduledAt} of the kind's schedule-triggered runs for {@code shop} (null: server-wide). */
    Optional<Instant> lastScheduledAt(String kind, ShopId shop);

    /** Per kind, when its latest successful run ended. */
    Map<String, Instant> lastSuccess();

    /**
     * Moves a queued run to running, owned by {@code owner}, started and heartbeat at {@code now}; empty when the run
     * is not queued (any more): another caller claimed or cancelled it.
     */
    Optional<JobRun> claim(long id, String owner, Instant now);

    /** Sets the heartbeat of every running run of {@code owner} to {@code now}; returns how many. */
    int heartbeat(String owner, Instant now);

    /**
     * Ends a run that is running and owned by {@code owner} with {@code outcome}, and enqueues {@code retry} (may be
     * null) in the same transaction. False, and nothing written, when the run is not running or has another owner.
     */
    boolean finish(long id, String owner, JobOutcome outcome, Instant now, NewJobRun retry);

    /**
     * Ends a run whose owner is presumed dead: only if it is running with a heartbeat before {@code heartbeatBefore}.
     * Writes {@code outcome} and enqueues {@code retry} (may be null) in one transaction; false when nothing matched.
     */
    boolean abandon(long id, Instant heartbeatBefore, JobOutcome outcome, Instant now, NewJobRun retry);

    /**
     * Cancels a run: a queued run becomes {@code cancelled} at once; a running one is flagged
     * {@link JobRun#cancelRequested()} for its owner to stop; a final one is left as it is. Returns the run after the
     * change, empty when there is no such run.
     */
    Optional<JobRun> cancel(long id, String reason, Instant now);

    /** Deletes runs that ended before {@code before}; returns how many. */
    int deleteEndedBefore(Instant before);
}
