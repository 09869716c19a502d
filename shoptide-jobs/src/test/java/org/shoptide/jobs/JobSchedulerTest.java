package org.shoptide.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.job.JobOutcome;
import org.shoptide.core.job.JobRun;
import org.shoptide.core.job.JobRunQuery;
import org.shoptide.core.job.JobState;
import org.shoptide.core.job.JobTrigger;
import org.shoptide.core.job.NewJobRun;
import org.shoptide.core.port.JobStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqliteJobStore;
import org.shoptide.testing.fake.MutableClock;

/** The scheduler on the real SQLite store with a fixed clock; ticks are called directly, never timed. */
class JobSchedulerTest {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    static final ShopId A = ShopId.of("shop-a");
    static final ShopId B = ShopId.of("shop-b");
    static final ShopId C = ShopId.of("shop-c");

    @TempDir
    Path dir;
    SqliteDatabase db;
    JobStore store;
    MutableClock clock;
    final List<JobScheduler> schedulers = new ArrayList<>();
    final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("shoptide.db"));
        store = new SqliteJobStore(db);
        clock = new MutableClock(T0);
    }

    @AfterEach
    void close() {
        schedulers.forEach(JobScheduler::close);
        db.close();
    }

    JobScheduler scheduler(String node, int concurrency, boolean singleNode) {
        JobScheduler s = new JobScheduler(store, clock,
                new JobScheduler.Options(node, concurrency, Duration.ofSeconds(1), Duration.ofMinutes(1),
                        Duration.ofDays(30), singleNode),
                (run, outcome) -> outcomes
                        .computeIfAbsent(run.kind() + ":" + outcome.state().wire(), k -> new AtomicInteger())
                        .incrementAndGet());
        schedulers.add(s);
        return s;
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    JobRun awaitEnded(long id) {
        await("run " + id + " ended", () -> store.find(id).orElseThrow().state().isFinal());
        return store.find(id).orElseThrow();
    }

    List<JobRun> runs(String kind) {
        return store.list(new JobRunQuery(kind, null, null, null, 100)).reversed();
    }

    @Test
    void anIntervalScheduleRunsOnTimeAndResumesFromTheLastPersistedSlotAfterARestart() {
        AtomicInteger calls = new AtomicInteger();
        JobScheduler first = scheduler("n1", 2, true);
        first.register(JobKind.every("reconcile", Duration.ofMinutes(10), ctx -> {
            calls.incrementAndGet();
            return "{\"checked\":" + calls.get() + "}";
        }));
        first.tick();
        assertThat(runs("reconcile")).isEmpty();
        assertThat(first.kinds()).singleElement().satisfies(k -> assertThat(k.next()).singleElement().satisfies(n -> {
            assertThat(n.at()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
            assertThat(n.schedule()).isEqualTo("every PT10M");
        }));
        clock.advance(Duration.ofMinutes(10));
        first.tick();
        JobRun run = awaitEnded(runs("reconcile").get(0).id());
        assertThat(run.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(run.trigger()).isEqualTo(JobTrigger.SCHEDULE);
        assertThat(run.scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(run.result()).isEqualTo("{\"checked\":1}");
        assertThat(run.owner()).isEqualTo("n1");
        first.close();

        // down for 35 minutes: slots at +20, +30 and +40 were missed; the latest runs once after start-up
        clock.advance(Duration.ofMinutes(35));
        JobScheduler second = scheduler("n2", 2, true);
        second.register(JobKind.every("reconcile", Duration.ofMinutes(10), ctx -> {
            calls.incrementAndGet();
            return null;
        }));
        second.tick();
        await("second run", () -> runs("reconcile").size() == 2 && runs("reconcile").get(1).state().isFinal());
        assertThat(runs("reconcile").get(1).scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(40)));
        await("idle", () -> second.runningCount() == 0);
        second.tick();
        assertThat(runs("reconcile")).hasSize(2);
        assertThat(calls).hasValue(2);
        assertThat(second.kinds().get(0).next().get(0).at()).isEqualTo(T0.plus(Duration.ofMinutes(50)));
    }

    @Test
    void aDailyPerShopScheduleUsesEachShopsTimeAndCatchesUpAMissedDayOnce() {
        Map<ShopId, LocalTime> times = Map.of(A, LocalTime.of(3, 0), B, LocalTime.of(23, 30));
        Schedule daily = Schedule.daily(times::get, ZoneId.of("Europe/Berlin"));
        List<ShopId> trained = new CopyOnWriteArrayList<>();
        JobScheduler s = scheduler("n1", 4, true);
        s.register(JobKind.perShop("training", () -> List.of(A, B), daily, ctx -> {
            trained.add(ctx.shop());
            return null;
        }).withConcurrency(2));
        // T0 is 11:00 in Berlin: A next at 03:00 tomorrow, B at 23:30 today
        assertThat(s.kinds().get(0).next()).extracting(JobScheduler.Next::shop, JobScheduler.Next::at).containsExactly(
                tuple(A, Instant.parse("2026-03-03T02:00:00Z")), tuple(B, Instant.parse("2026-03-02T22:30:00Z")));
        clock.advance(Duration.ofHours(13)); // 2026-03-02T23:00Z: B's slot passed
        s.tick();
        await("B trained", () -> trained.equals(List.of(B)));
        clock.advance(Duration.ofHours(4)); // 2026-03-03T03:00Z: A's slot passed
        await("idle", () -> s.runningCount() == 0);
        s.tick();
        await("A trained", () -> trained.equals(List.of(B, A)));
        s.close();
        // the server is down for two days; after start-up each shop trains once, for its latest missed slot
        clock.advance(Duration.ofDays(2)); // 2026-03-05T03:00Z
        JobScheduler again = scheduler("n2", 4, true);
        again.register(JobKind.perShop("training", () -> List.of(A, B), daily, ctx -> {
            trained.add(ctx.shop());
            return null;
        }).withConcurrency(2));
        again.tick();
        await("both trained", () -> trained.size() == 4);
        assertThat(trained.subList(2, 4)).containsExactlyInAnyOrder(A, B);
        assertThat(store.lastScheduledAt("training", A)).contains(Instant.parse("2026-03-05T02:00:00Z"));
        assertThat(store.lastScheduledAt("training", B)).contains(Instant.parse("2026-03-04T22:30:00Z"));
        await("idle", () -> again.runningCount() == 0 && store.active().isEmpty());
        again.tick();
        assertThat(store.active()).isEmpty();
        assertThat(trained).hasSize(4);
    }

    @Test
    void perKindAndGlobalConcurrencyLimitsHoldAndOneRunPerShopAtATime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        JobHandler blocking = ctx -> {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                release.await();
            } finally {
                concurrent.decrementAndGet();
            }
            return null;
        };
        JobScheduler s = scheduler("n1", 3, true);
        s.register(JobKind.perShop("training", () -> List.of(A, B, C), null, blocking).withConcurrency(2));
        s.register(JobKind.perShop("feeds", () -> List.of(A, B, C), null, blocking).withConcurrency(5));
        List<JobRun> queued = new ArrayList<>();
        for (ShopId shop : List.of(A, B, C)) {
            queued.add(s.runNow("training", shop));
        }
        queued.add(s.runNow("training", A)); // a second run for A waits for the first
        queued.add(s.runNow("feeds", A));
        queued.add(s.runNow("feeds", B));
        s.tick();
        await("three running", () -> concurrent.get() == 3);
        s.tick();
        assertThat(s.runningCount()).isEqualTo(3);
        assertThat(store.list(new JobRunQuery("training", null, JobState.RUNNING, null, 10))).hasSize(2);
        assertThat(store.list(new JobRunQuery("feeds", null, JobState.RUNNING, null, 10))).hasSize(1);
        release.countDown();
        for (int i = 0; i < 10 && store.active().size() > 0; i++) {
            await("idle", () -> s.runningCount() == 0);
            s.tick();
        }
        for (JobRun r : queued) {
            assertThat(awaitEnded(r.id()).state()).isEqualTo(JobState.SUCCEEDED);
        }
        assertThat(maxConcurrent.get()).isEqualTo(3);
        JobRun firstA = store.find(queued.get(0).id()).orElseThrow();
        JobRun secondA = store.find(queued.get(3).id()).orElseThrow();
        assertThat(secondA.startedAt()).isAfterOrEqualTo(firstA.endedAt());
    }

    @Test
    void aFailingRunIsRetriedWithDoublingBackOffUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        JobScheduler s = scheduler("n1", 2, true);
        s.register(JobKind.manual("lake.load", ctx -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("disk full (attempt " + ctx.attempt() + ")");
            }
            return "{\"events\":42}";
        }).withRetries(4, Duration.ofMinutes(1)));
        JobRun first = s.runNow("lake.load", null);
        s.tick();
        assertThat(awaitEnded(first.id()).error()).isEqualTo("IllegalStateException: disk full (attempt 1)");
        JobRun retry1 = runs("lake.load").get(1);
        assertThat(retry1.trigger()).isEqualTo(JobTrigger.RETRY);
        assertThat(retry1.attempt()).isEqualTo(2);
        assertThat(retry1.scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        await("idle", () -> s.runningCount() == 0);
        s.tick(); // not yet due
        assertThat(store.find(retry1.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
        clock.advance(Duration.ofMinutes(1));
        s.tick();
        assertThat(awaitEnded(retry1.id()).state()).isEqualTo(JobState.FAILED);
        JobRun retry2 = runs("lake.load").get(2);
        assertThat(retry2.scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(3)));
        await("idle", () -> s.runningCount() == 0);
        clock.advance(Duration.ofMinutes(2));
        s.tick();
        JobRun done = awaitEnded(retry2.id());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.attempt()).isEqualTo(3);
        assertThat(done.result()).isEqualTo("{\"events\":42}");
        assertThat(runs("lake.load")).hasSize(3);
        assertThat(outcomes.get("lake.load:failed")).hasValue(2);
        assertThat(outcomes.get("lake.load:succeeded")).hasValue(1);
    }

    @Test
    void aRunThatAlwaysFailsStopsAfterItsAttempts() {
        JobScheduler s = scheduler("n1", 2, true);
        s.register(JobKind.manual("feeds", ctx -> {
            throw new IOException("connection refused");
        }).withRetries(2, Duration.ZERO));
        s.runNow("feeds", null);
        for (int i = 0; i < 5; i++) {
            await("idle", () -> s.runningCount() == 0);
            s.tick();
        }
        await("two failed",
                () -> runs("feeds").size() == 2 && runs("feeds").stream().allMatch(r -> r.state().isFinal()));
        assertThat(runs("feeds")).extracting(JobRun::state, JobRun::attempt).containsExactly(tuple(JobState.FAILED, 1),
                tuple(JobState.FAILED, 2));
        assertThat(store.active()).isEmpty();
    }

    @Test
    void aRunPastItsTimeOutIsInterruptedAndFails() {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        JobScheduler s = scheduler("n1", 2, true);
        s.register(JobKind.manual("training", ctx -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return null;
        }).withTimeout(Duration.ofMinutes(5)).withRetries(1, Duration.ZERO));
        JobRun run = s.runNow("training", null);
        s.tick();
        await("started", () -> started.getCount() == 0);
        clock.advance(Duration.ofMinutes(4));
        s.tick();
        assertThat(store.find(run.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        assertThat(store.find(run.id()).orElseThrow().heartbeatAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
        clock.advance(Duration.ofMinutes(1));
        s.tick();
        JobRun failed = awaitEnded(run.id());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.error()).isEqualTo("timed out after PT5M");
        await("handler interrupted", () -> interrupted.getCount() == 0);
        assertThat(store.active()).isEmpty();
    }

    @Test
    void aRunLeftRunningByADeadProcessIsRetriedAtStartOrFailedWithoutAttemptsLeft() {
        JobRun crashed = store.enqueue(new NewJobRun("training", A, JobTrigger.SCHEDULE, 1, T0.minusSeconds(60)));
        store.claim(crashed.id(), "old-process", T0.minusSeconds(30));
        JobRun lastTry = store.enqueue(new NewJobRun("feeds", null, JobTrigger.RETRY, 3, T0.minusSeconds(60)));
        store.claim(lastTry.id(), "old-process", T0.minusSeconds(30));
        AtomicInteger trained = new AtomicInteger();
        JobScheduler s = scheduler("new-process", 2, true);
        s.register(JobKind.perShop("training", () -> List.of(A), null, ctx -> {
            trained.incrementAndGet();
            return null;
        }));
        s.register(JobKind.manual("feeds", ctx -> null).withRetries(3, Duration.ofMinutes(1)));
        s.tick();
        JobRun recovered = store.find(crashed.id()).orElseThrow();
        assertThat(recovered.state()).isEqualTo(JobState.FAILED);
        assertThat(recovered.error()).contains("the server stopped while it ran").contains("old-process");
        JobRun retry = runs("training").get(1);
        assertThat(retry.trigger()).isEqualTo(JobTrigger.RETRY);
        assertThat(retry.attempt()).isEqualTo(2);
        assertThat(awaitEnded(retry.id()).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(trained).hasValue(1);
        assertThat(store.find(lastTry.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);
        assertThat(runs("feeds")).hasSize(1);
    }

    @Test
    void inAClusterAStaleRunIsRecoveredOnlyAfterItsHeartbeatStops() {
        JobRun other = store.enqueue(new NewJobRun("training", A, JobTrigger.MANUAL, 1, T0));
        store.claim(other.id(), "node-2", T0);
        JobScheduler s = scheduler("node-1", 2, false);
        s.register(JobKind.perShop("training", () -> List.of(A), null, ctx -> null));
        s.tick();
        clock.advance(Duration.ofSeconds(50));
        s.tick();
        assertThat(store.find(other.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        store.heartbeat("node-2", clock.instant()); // node-2 is alive
        clock.advance(Duration.ofSeconds(50));
        s.tick();
        assertThat(store.find(other.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);
        clock.advance(Duration.ofSeconds(11)); // a minute without heartbeat
        s.tick();
        JobRun dead = store.find(other.id()).orElseThrow();
        assertThat(dead.state()).isEqualTo(JobState.FAILED);
        assertThat(dead.error()).contains("node-2 stopped sending heartbeats");
        await("retry ran", () -> runs("training").size() == 2 && runs("training").get(1).state().isFinal());
        assertThat(runs("training").get(1).owner()).isEqualTo("node-1");
    }

    @Test
    void cancellingStopsAQueuedRunAndInterruptsARunningOneWithoutRetry() {
        CountDownLatch started = new CountDownLatch(1);
        JobScheduler s = scheduler("n1", 1, true);
        s.register(JobKind.perShop("training", () -> List.of(A, B), null, ctx -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        }));
        JobRun running = s.runNow("training", A);
        JobRun queued = s.runNow("training", B);
        s.tick();
        await("started", () -> started.getCount() == 0);
        assertThat(s.cancel(queued.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        JobRun cancelled = s.cancel(running.id()).orElseThrow();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.error()).isEqualTo("cancelled by an operator");
        await("idle", () -> s.runningCount() == 0);
        s.tick();
        assertThat(store.active()).isEmpty();
        assertThat(s.cancel(9999)).isEmpty();
    }

    @Test
    void runNowChecksTheKindAndShop() {
        JobScheduler s = scheduler("n1", 1, true);
        s.register(JobKind.perShop("training", () -> List.of(A), null, ctx -> null));
        s.register(JobKind.manual("trade.reconcile", ctx -> null));
        assertThatThrownBy(() -> s.runNow("nope", null)).hasMessageContaining("unknown job kind 'nope'")
                .hasMessageContaining("trade.reconcile, training");
        assertThatThrownBy(() -> s.runNow("training", null)).hasMessageContaining("name the shop");
        assertThatThrownBy(() -> s.runNow("training", B)).hasMessageContaining("'shop-b' does not exist");
        assertThatThrownBy(() -> s.runNow("trade.reconcile", A)).hasMessageContaining("whole server");
        assertThat(store.active()).isEmpty();
        assertThat(s.runNow("training", A).trigger()).isEqualTo(JobTrigger.MANUAL);
    }

    @Test
    void closingRecordsARunningRunAsFailedWithARetryDueAtOnce() {
        CountDownLatch started = new CountDownLatch(1);
        JobScheduler s = scheduler("n1", 1, true);
        s.register(JobKind.manual("lake.load", ctx -> {
            started.countDown();
            new CountDownLatch(1).await();
            return null;
        }).withRetries(2, Duration.ofHours(1)));
        JobRun run = s.runNow("lake.load", null);
        s.tick();
        await("started", () -> started.getCount() == 0);
        s.close();
        assertThat(store.find(run.id()).orElseThrow().error()).isEqualTo("the server stopped while it ran");
        assertThat(store.active()).singleElement().satisfies(r -> {
            assertThat(r.attempt()).isEqualTo(2);
            assertThat(r.scheduledAt()).isEqualTo(T0);
        });
        assertThat(JobOutcome.failed("x").state()).isEqualTo(JobState.FAILED);
    }

    @Test
    void twoNodesOnOneStoreEnqueueADueSlotOnceAndRunItOnce() {
        AtomicInteger calls = new AtomicInteger();
        try (SqliteDatabase second = new SqliteDatabase(dir.resolve("shoptide.db"))) {
            JobScheduler n1 = scheduler("n1", 2, false);
            JobScheduler n2 = new JobScheduler(new SqliteJobStore(second), clock, new JobScheduler.Options("n2", 2,
                    Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofDays(30), false), JobListener.NONE);
            schedulers.add(n2);
            for (JobScheduler s : List.of(n1, n2)) {
                s.register(JobKind.every("reconcile", Duration.ofMinutes(1), ctx -> {
                    calls.incrementAndGet();
                    return null;
                }));
                s.tick();
            }
            clock.advance(Duration.ofMinutes(1));
            n2.tick();
            n1.tick();
            await("ran", () -> runs("reconcile").size() == 1 && runs("reconcile").get(0).state().isFinal());
            await("idle", () -> n1.runningCount() == 0 && n2.runningCount() == 0);
            n1.tick();
            n2.tick();
            assertThat(runs("reconcile")).singleElement().satisfies(r -> {
                assertThat(r.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(r.scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
            });
            assertThat(calls).hasValue(1);
        }
    }
}
