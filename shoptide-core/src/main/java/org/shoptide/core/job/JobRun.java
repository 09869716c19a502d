package org.shoptide.core.job;

import java.util.Objects;
import java.time.Instant;
import org.shoptide.core.shop.ShopId;

/**
 * One persisted run of a job.
 *
 * @param id
 *            store-assigned, increasing in creation order
 * @param kind
 *            the job kind's name, e.g. {@code training}
 * @param shop
 *            the shop the run is for, or null for a job of the whole server
 * @param trigger
 *            why the run exists
 * @param state
 *            where it is
 * @param attempt
 *            1 for a first try, n for the (n-1)th retry
 * @param scheduledAt
 *            not to start before; for schedule runs also the schedule slot it fills (the next slot is computed from it)
 * @param startedAt
 *            when a node claimed it, or null
 * @param endedAt
 *            when it reached a final state, or null
 * @param error
 *            why it failed or was cancelled, or null
 * @param result
 *            a small JSON document the handler returned on success, or null
 * @param owner
 *            the node that claimed it, or null
 * @param heartbeatAt
 *            when the owner last said the run is alive, or null
 * @param cancelRequested
 *            an operator asked to cancel it while it was running
 */
public record JobRun(long id, String kind, ShopId shop, JobTrigger trigger, JobState state, int attempt,
        Instant scheduledAt, Instant startedAt, Instant endedAt, String error, String result, String owner,
        Instant heartbeatAt, boolean cancelRequested) {
    public JobRun {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
    }
}
