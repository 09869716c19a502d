package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.shoptide.core.job.JobOutcome;
import org.shoptide.core.job.JobRun;
import org.shoptide.core.job.JobRunQuery;
import org.shoptide.core.job.JobState;
import org.shoptide.core.job.JobTrigger;
import org.shoptide.core.job.NewJobRun;
import org.shoptide.core.port.JobStore;
import org.shoptide.core.shop.ShopId;

/**
 * Contract of {@link JobStore}. Implement {@link #jobStore()} to return an empty store per test, and
 * {@link #jobStoreOfAnotherProcess()} to return a second store on the same database opened separately (its own
 * connections), as another node would.
 */
public interface JobStoreContract {

    JobStore jobStore();

    JobStore jobStoreOfAnotherProcess();

    ShopId A = ShopId.of("shop-a");
    ShopId B = ShopId.of("shop-b");
    Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    @Test
    default void anEnqueuedRunRoundTripsEveryField() {
        JobStore store = jobStore();
        JobRun a = store.enqueue(new NewJobRun("training", A, JobTrigger.MANUAL, 1, T));
        JobRun b = store.enqueue(new NewJobRun("trade.reconcile", null, JobTrigger.SCHEDULE, 2, T.plusSeconds(5)));
        assertThat(b.id()).isGreaterThan(a.id());
        assertThat(a).isEqualTo(new JobRun(a.id(), "training", A, JobTrigger.MANUAL, JobState.QUEUED, 1, T, null, null,
                null, null, null, null, false));
        assertThat(store.find(b.id())).contains(b);
        assertThat(b.shop()).isNull();
        assertThat(b.attempt()).isEqualTo(2);
        assertThat(store.find(b.id() + 1000)).isEmpty();
        assertThat(store.active()).containsExactly(a, b);
    }

    @Test
    default void aScheduledSlotIsEnqueuedOncePerKindShopAndTime() {
        JobStore store = jobStore();
        NewJobRun slot = new NewJobRun("training", A, JobTrigger.SCHEDULE, 1, T);
        Optional<JobRun> first = store.enqueueOnce(slot);
        assertThat(first).isPresent();
        assertThat(store.enqueueOnce(slot)).isEmpty();
        assertThat(jobStoreOfAnotherProcess().enqueueOnce(slot)).isEmpty();
        assertThat(store.enqueueOnce(new NewJobRun("training", B, JobTrigger.SCHEDULE, 1, T))).isPresent();
        assertThat(store.enqueueOnce(new NewJobRun("training", null, JobTrigger.SCHEDULE, 1, T))).isPresent();
        assertThat(store.enqueueOnce(new NewJobRun("training", null, JobTrigger.SCHEDULE, 1, T))).isEmpty();
        assertThat(store.enqueueOnce(new NewJobRun("training", A, JobTrigger.SCHEDULE, 1, T.plusSeconds(86400))))
                .isPresent();
        // finishing the slot does not free it: the schedule moves on from it
        store.claim(first.orElseThrow().id(), "n1", T);
        store.finish(first.orElseThrow().id(), "n1", JobOutcome.succeeded(null), T.plusSeconds(1), null);
        assertThat(store.enqueueOnce(slot)).isEmpty();
        assertThat(store.lastScheduledAt("training", A)).contains(T.plusSeconds(86400));
        assertThat(store.lastScheduledAt("training", null)).contains(T);
        assertThat(store.lastScheduledAt("feeds", A)).isEmpty();
    }

    @Test
    default void manualRunsDoNotMoveTheSchedule() {
        JobStore store = jobStore();
        store.enqueueOnce(new NewJobRun("training", A, JobTrigger.SCHEDULE, 1, T));
        store.enqueue(new NewJobRun("training", A, JobTrigger.MANUAL, 1, T.plusSeconds(60)));
        store.enqueue(new NewJobRun("training", A, JobTrigger.RETRY, 2, T.plusSeconds(120)));
        assertThat(store.lastScheduledAt("training", A)).contains(T);
    }

    @Test
    default void aRunIsClaimedOnceAndFinishedOnlyByItsOwner() {
        JobStore store = jobStore();
        JobRun run = store.enqueue(new NewJobRun("training", A, JobTrigger.MANUAL, 1, T));
        JobRun claimed = store.claim(run.id(), "node-1", T.plusSeconds(1)).orElseThrow();
        assertThat(claimed.state()).isEqualTo(JobState.RUNNING);
        assertThat(claimed.owner()).isEqualTo("node-1");
        assertThat(claimed.startedAt()).isEqualTo(T.plusSeconds(1));
        assertThat(claimed.heartbeatAt()).isEqualTo(T.plusSeconds(1));
        assertThat(store.claim(run.id(), "node-2", T.plusSeconds(1))).isEmpty();
        assertThat(store.claim(run.id() + 1000, "node-2", T)).isEmpty();

        assertThat(store.finish(run.id(), "node-2", JobOutcome.succeeded("{}"), T.plusSeconds(2), null)).isFalse();
        assertThat(store.finish(run.id(), "node-1", JobOutcome.succeeded("{\"items\":3,\"name\":\"雨伞\"}"),
                T.plusSeconds(3), null)).isTrue();
        JobRun done = store.find(run.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.endedAt()).isEqualTo(T.plusSeconds(3));
        assertThat(done.result()).isEqualTo("{\"items\":3,\"name\":\"雨伞\"}");
        assertThat(done.error()).isNull();
        assertThat(store.finish(run.id(), "node-1", JobOutcome.failed("again"), T.plusSeconds(4), null)).isFalse();
        assertThat(store.find(run.id()).orElseThrow().state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(store.active()).isEmpty();
    }

    @Test
    default void aFailureAndItsRetryAreWrittenTogether() {
        JobStore store = jobStore();
        JobRun run = store.enqueue(new NewJobRun("trade.reconcile", null, JobTrigger.SCHEDULE, 1, T));
        store.claim(run.id(), "node-1", T);
        NewJobRun retry = new NewJobRun("trade.reconcile", null, JobTrigger.RETRY, 2, T.plusSeconds(30));
        assertThat(store.finish(run.id(), "node-1", JobOutcome.failed("provider timed out"), T.plusSeconds(1), retry))
                .isTrue();
        JobRun failed = store.find(run.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("provider timed out");
        assertThat(store.active()).singleElement().satisfies(r -> {
            assertThat(r.trigger()).isEqualTo(JobTrigger.RETRY);
            assertThat(r.attempt()).isEqualTo(2);
            assertThat(r.scheduledAt()).isEqualTo(T.plusSeconds(30));
            assertThat(r.state()).isEqualTo(JobState.QUEUED);
        });
        // a refused finish writes no retry either
        assertThat(store.finish(run.id(), "node-1", JobOutcome.failed("x"), T.plusSeconds(2), retry)).isFalse();
        assertThat(store.active()).hasSize(1);
    }

    @Test
    default void heartbeatsKeepARunFromBeingAbandoned() {
        JobStore store = jobStore();
        JobRun mine = store.enqueue(new NewJobRun("training", A, JobTrigger.MANUAL, 1, T));
        JobRun theirs = store.enqueue(new NewJobRun("training", B, JobTrigger.MANUAL, 1, T));
        store.claim(mine.id(), "node-1", T);
        store.claim(theirs.id(), "node-2", T);
        assertThat(store.heartbeat("node-1", T.plusSeconds(60))).isEqualTo(1);
        assertThat(store.find(mine.id()).orElseThrow().heartbeatAt()).isEqualTo(T.plusSeconds(60));

        JobOutcome dead = JobOutcome.failed("node stopped");
        assertThat(store.abandon(mine.id(), T.plusSeconds(30), dead, T.plusSeconds(61), null)).isFalse();
        NewJobRun retry = new NewJobRun("training", B, JobTrigger.RETRY, 2, T.plusSeconds(61));
        assertThat(jobStoreOfAnotherProcess().abandon(theirs.id(), T.plusSeconds(30), dead, T.plusSeconds(61), retry))
                .isTrue();
        assertThat(store.abandon(theirs.id(), T.plusSeconds(30), dead, T.plusSeconds(61), retry)).isFalse();
        JobRun abandoned = store.find(theirs.id()).orElseThrow();
        assertThat(abandoned.state()).isEqualTo(JobState.FAILED);
        assertThat(abandoned.error()).isEqualTo("node stopped");
        assertThat(abandoned.endedAt()).isEqualTo(T.plusSeconds(61));
        assertThat(store.active()).extracting(JobRun::shop, JobRun::state).containsExactly(tuple(A, JobState.RUNNING),
                tuple(B, JobState.QUEUED));
        // the owner of an abandoned run can no longer finish it
        assertThat(store.finish(theirs.id(), "node-2", JobOutcome.succeeded(null), T.plusSeconds(62), null)).isFalse();
    }

    @Test
    default void cancellingAQueuedRunEndsItAndARunningOneIsFlagged() {
        JobStore store = jobStore();
        JobRun queued = store.enqueue(new NewJobRun("training", A, JobTrigger.MANUAL, 1, T));
        JobRun running = store.enqueue(new NewJobRun("training", B, JobTrigger.MANUAL, 1, T));
        store.claim(running.id(), "node-1", T);

        JobRun c1 = store.cancel(queued.id(), "cancelled by operator", T.plusSeconds(5)).orElseThrow();
        assertThat(c1.state()).isEqualTo(JobState.CANCELLED);
        assertThat(c1.endedAt()).isEqualTo(T.plusSeconds(5));
        assertThat(c1.error()).isEqualTo("cancelled by operator");
        assertThat(store.claim(queued.id(), "node-1", T.plusSeconds(6))).isEmpty();

        JobRun c2 = store.cancel(running.id(), "cancelled by operator", T.plusSeconds(5)).orElseThrow();
        assertThat(c2.state()).isEqualTo(JobState.RUNNING);
        assertThat(c2.cancelRequested()).isTrue();
        assertThat(store.finish(running.id(), "node-1", JobOutcome.cancelled("cancelled by operator"), T.plusSeconds(7),
                null)).isTrue();
        assertThat(store.find(running.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        // a final run stays as it is
        assertThat(store.cancel(running.id(), "again", T.plusSeconds(8)).orElseThrow().error())
                .isEqualTo("cancelled by operator");
        assertThat(store.cancel(running.id() + 1000, "x", T)).isEmpty();
    }

    @Test
    default void listingFiltersAndPagesNewestFirst() {
        JobStore store = jobStore();
        List<JobRun> runs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            runs.add(store
                    .enqueue(new NewJobRun(i % 2 == 0 ? "training" : "feeds", i < 4 ? A : B, JobTrigger.MANUAL, 1, T)));
        }
        store.claim(runs.get(0).id(), "n", T);
        assertThat(store.list(JobRunQuery.latest(3))).extracting(JobRun::id).containsExactly(runs.get(6).id(),
                runs.get(5).id(), runs.get(4).id());
        assertThat(store.list(new JobRunQuery(null, null, null, runs.get(4).id(), 3))).extracting(JobRun::id)
                .containsExactly(runs.get(3).id(), runs.get(2).id(), runs.get(1).id());
        assertThat(store.list(new JobRunQuery("training", A, null, null, 10))).extracting(JobRun::id)
                .containsExactly(runs.get(2).id(), runs.get(0).id());
        assertThat(store.list(new JobRunQuery(null, null, JobState.RUNNING, null, 10))).extracting(JobRun::id)
                .containsExactly(runs.get(0).id());
        assertThat(store.list(new JobRunQuery("feeds", B, JobState.QUEUED, null, 10))).extracting(JobRun::id)
                .containsExactly(runs.get(5).id());
    }

    @Test
    default void theLastSuccessOfEachKindAndPruningOfEndedRuns() {
        JobStore store = jobStore();
        for (int i = 0; i < 3; i++) {
            JobRun r = store.enqueue(new NewJobRun("training", A, JobTrigger.MANUAL, 1, T));
            store.claim(r.id(), "n", T);
            store.finish(r.id(), "n", i == 2 ? JobOutcome.failed("no") : JobOutcome.succeeded(null),
                    T.plusSeconds(10L * (i + 1)), null);
        }
        JobRun feeds = store.enqueue(new NewJobRun("feeds", B, JobTrigger.MANUAL, 1, T));
        store.claim(feeds.id(), "n", T);
        store.finish(feeds.id(), "n", JobOutcome.succeeded(null), T.plusSeconds(5), null);
        store.enqueue(new NewJobRun("lake.load", null, JobTrigger.MANUAL, 1, T));
        assertThat(store.lastSuccess()).isEqualTo(Map.of("training", T.plusSeconds(20), "feeds", T.plusSeconds(5)));

        assertThat(store.deleteEndedBefore(T.plusSeconds(15))).isEqualTo(2);
        assertThat(store.list(JobRunQuery.latest(10))).hasSize(3);
        assertThat(store.active()).hasSize(1);
    }

    /** Two stores on one database (two nodes) claim the same runs concurrently: each run is claimed exactly once. */
    @Test
    default void twoProcessesNeverClaimTheSameRun() throws Exception {
        JobStore one = jobStore();
        JobStore two = jobStoreOfAnotherProcess();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(one.enqueue(new NewJobRun("training", A, JobTrigger.MANUAL, 1, T)).id());
        }
        Map<Long, String> winners = new ConcurrentHashMap<>();
        List<String> doubles = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                JobStore store = t % 2 == 0 ? one : two;
                String node = "node-" + t;
                futures.add(pool.submit(() -> {
                    go.await();
                    for (long id : ids) {
                        if (store.claim(id, node, T).isPresent() && winners.putIfAbsent(id, node) != null) {
                            doubles.add(id + " claimed twice");
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(doubles).isEmpty();
        assertThat(winners.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (long id : ids) {
            assertThat(one.find(id).orElseThrow().owner()).isEqualTo(winners.get(id));
        }
    }
}
