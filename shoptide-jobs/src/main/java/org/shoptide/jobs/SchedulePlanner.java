package org.shoptide.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.job.JobRun;
import org.shoptide.core.job.JobTrigger;
import org.shoptide.core.job.NewJobRun;
import org.shoptide.core.port.JobStore;
import org.shoptide.core.shop.ShopId;

/**
 * Turns schedules into queued runs. The next slot of a kind and shop follows from the last slot persisted in the store
 * (read once, then cached; re-read when another node enqueued it first), so schedules survive restarts; slots missed
 * while no node ran are collapsed into the latest one, which runs once. A scope with a queued or running run gets no
 * new slot until that run ends. Used by {@link JobScheduler#tick()} only (not thread-safe on its own).
 */
final class SchedulePlanner {
    /** Catch-up: at most this many missed slots are skipped one by one before jumping to now. */
    private static final int MAX_CATCH_UP = 10_000;

    private final JobStore store;
    /**
     * Per kind and scope: the last schedule slot known to be enqueued (a cache of {@link JobStore#lastScheduledAt}).
     */
    private final Map<String, Instant> lastSlot = new ConcurrentHashMap<>();
    /** Per kind and scope without any slot yet: when this scheduler first saw it (the first slot follows it). */
    private final Map<String, Instant> firstSeen = new ConcurrentHashMap<>();

    SchedulePlanner(JobStore store) {
        this.store = store;
    }

    /** Enqueues due schedule slots; true when any was inserted. */
    boolean enqueueDue(Collection<JobKind> kinds, List<JobRun> active, Instant now) {
        Set<String> busy = new HashSet<>();
        for (JobRun r : active) {
            busy.add(scope(r.kind(), r.shop()));
        }
        boolean inserted = false;
        for (JobKind kind : kinds) {
            if (kind.schedule() == null) {
                continue;
            }
            for (ShopId shop : scopes(kind)) {
                String scope = scope(kind.name(), shop);
                if (busy.contains(scope)) {
                    continue; // a run waits or runs: the next slot is planned after it
                }
                Instant due = due(kind, shop, now);
                if (due.isAfter(now)) {
                    continue;
                }
                Optional<JobRun> run = store.enqueueOnce(new NewJobRun(kind.name(), shop, JobTrigger.SCHEDULE, 1, due));
                if (run.isPresent()) {
                    lastSlot.put(scope, due);
                    inserted = true;
                } else {
                    lastSlot.remove(scope); // another node took the slot: re-read the last one
                }
            }
        }
        return inserted;
    }

    /**
     * The slot due next: after the last persisted one (missed slots collapsed into the latest), or after first sight.
     */
    Instant due(JobKind kind, ShopId shop, Instant now) {
        String scope = scope(kind.name(), shop);
        Instant last = lastSlot.get(scope);
        if (last == null) {
            last = store.lastScheduledAt(kind.name(), shop).orElse(null);
            if (last != null) {
                lastSlot.put(scope, last);
            }
        }
        if (last == null) {
            return kind.schedule().next(firstSeen.computeIfAbsent(scope, s -> now), shop);
        }
        Instant due = kind.schedule().next(last, shop);
        for (int i = 0; i < MAX_CATCH_UP; i++) {
            Instant following = kind.schedule().next(due, shop);
            if (following.isAfter(now)) {
                return due;
            }
            due = following;
        }
        return now;
    }

    static List<ShopId> scopes(JobKind kind) {
        if (!kind.isPerShop()) {
            List<ShopId> one = new ArrayList<>(1);
            one.add(null);
            return one;
        }
        return kind.shops().get();
    }

    static String scope(String kind, ShopId shop) {
        return kind + '|' + (shop == null ? "" : shop.value());
    }

}
