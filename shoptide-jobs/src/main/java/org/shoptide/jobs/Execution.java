package org.shoptide.jobs;

import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.shoptide.core.job.JobOutcome;
import org.shoptide.core.job.JobRun;

/**
 * A run executing on this node: its worker's future, and why it is being stopped (cancel, time-out, shutdown). Exactly
 * one of the worker and the stopper records the outcome ({@link #complete}).
 */
final class Execution {
    final JobRun run;
    final JobKind kind;
    final Instant startedAt;
    private final AtomicReference<JobOutcome> stop = new AtomicReference<>();
    private final AtomicBoolean completed = new AtomicBoolean();
    private volatile Future<?> future;

    Execution(JobRun run, JobKind kind, Instant startedAt) {
        this.run = run;
        this.kind = kind;
        this.startedAt = startedAt;
    }

    void future(Future<?> f) {
        this.future = f;
    }

    /** Asks the worker to stop with {@code outcome}; true when this is the first reason given. */
    boolean stop(JobOutcome outcome) {
        if (!stop.compareAndSet(null, outcome)) {
            return false;
        }
        Future<?> f = future;
        if (f != null) {
            f.cancel(true);
        }
        return true;
    }

    /** The outcome a stop imposed, or null. */
    JobOutcome stopReason() {
        return stop.get();
    }

    boolean stopping() {
        return stop.get() != null;
    }

    /** True for the first caller only: it records the outcome. */
    boolean complete() {
        return completed.compareAndSet(false, true);
    }
}
