package org.shoptide.jobs;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.shoptide.core.job.JobOutcome;
import org.shoptide.core.job.JobRun;
import org.shoptide.core.job.JobRunQuery;
import org.shoptide.core.job.JobState;
import org.shoptide.core.job.JobTrigger;
import org.shoptide.core.job.NewJobRun;
import org.shoptide.core.port.JobStore;
import org.shoptide.core.shop.ShopId;

/**
 * The one job scheduler (ADR 0028): runs the registered {@link JobKind}s on their schedules, on demand and as retries,
 * with every run persisted in a {@link JobStore} shared by the nodes.
 * <p>
 * All decisions happen in {@link #tick()}, run every {@link Options#tick} by one thread ({@code shoptide-jobs}) and
 * directly by tests with a fixed clock. A tick, in order:
 * <ol>
 * <li>heartbeats this node's running runs, stops those past their kind's time-out or whose cancel was requested;
 * <li>recovers runs whose owner died (running, heartbeat older than {@link Options#staleAfter}; with
 * {@link Options#singleNode} at start every run found running): marks them failed with the reason and enqueues a retry
 * if attempts remain;
 * <li>enqueues each schedule's due slot ({@link JobStore#enqueueOnce}: nodes that all find it due insert one run),
 * where the next slot follows from the last persisted one, so a slot missed while down runs once after start-up;
 * <li>claims queued runs that are due, oldest first, within the global and per-kind limits of this node and one run per
 * kind and shop at a time, and starts them on the worker pool ({@code shoptide-job-N}).
 * </ol>
 * A worker records the outcome with {@link JobStore#finish}, which also enqueues the retry (back-off doubling from the
 * kind's) in the same transaction. Thread-safe.
 */
public final class JobScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JobScheduler.class.getName());

    /**
     * Scheduler settings.
     *
     * @param node
     *            this process's name in the runs it owns; unique per process
     * @param concurrency
     *            how many runs this node runs at once, all kinds together
     * @param tick
     *            how often the scheduler looks at the store
     * @param staleAfter
     *            a running run whose heartbeat is older is presumed dead (several ticks)
     * @param retention
     *            ended runs older than this are deleted (checked hourly)
     * @param singleNode
     *            the store is this process's alone (SQLite): runs found running at start were left by a process that
     *            died and are recovered at once
     */
    public record Options(String node, int concurrency, Duration tick, Duration staleAfter, Duration retention,
            boolean singleNode) {
        public Options {
            Objects.requireNonNull(node, "node");
            if (node.isBlank() || node.length() > 200) {
                throw new IllegalArgumentException("node must be 1 to 200 characters");
            }
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be >= 1: " + concurrency);
            }
            if (tick.isNegative() || tick.isZero() || staleAfter.compareTo(tick) <= 0) {
                throw new IllegalArgumentException("tick must be positive and staleAfter longer than tick");
            }
            Objects.requireNonNull(retention, "retention");
        }

        /** 4 runs at once, a tick a second, stale after a minute, 30 days kept. */
        public static Options defaults(String node, boolean singleNode) {
            return new Options(node, 4, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofDays(30), singleNode);
        }
    }

    /** A kind as operators see it: its schedule and, per shop (or once with a null shop), the next slot. */
    public record KindView(JobKind kind, List<Next> next) {
    }

    /** The next run of a kind for a shop (null: server-wide): when, and the schedule in words. */
    public record Next(ShopId shop, Instant at, String schedule) {
    }

    private final JobStore store;
    private final Clock clock;
    private final Options options;
    private final JobListener listener;
    private final Map<String, JobKind> kinds = new ConcurrentHashMap<>();
    private final Map<Long, Execution> running = new ConcurrentHashMap<>();
    private final SchedulePlanner planner;
    private final ExecutorService workers;
    private volatile Map<String, Instant> lastSuccess = Map.of();
    private Instant lastSuccessRead = Instant.MIN;
    private Instant lastPrune = Instant.MIN;
    private ScheduledExecutorService ticker;
    private boolean recoveredAtStart;
    private volatile boolean closed;

    public JobScheduler(JobStore store, Clock clock, Options options, JobListener listener) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.planner = new SchedulePlanner(store);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(options.concurrency(),
                r -> Thread.ofPlatform().daemon().name("shoptide-job-" + n.incrementAndGet()).unstarted(r));
    }

    /** Adds (or replaces) a kind; its schedule counts from the next tick. */
    public JobScheduler register(JobKind kind) {
        kinds.put(kind.name(), kind);
        return this;
    }

    public Optional<JobKind> kind(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    /** This node's name in the runs it owns. */
    public String node() {
        return options.node();
    }

    /** Recovers what a dead process left and starts ticking every {@link Options#tick}. */
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors
                .newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("shoptide-jobs").unstarted(r));
        long every = options.tick().toMillis();
        var unused = ticker.scheduleWithFixedDelay(this::tickQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "job scheduler tick failed, trying again: " + e.getMessage(), e);
        }
    }

    /** One round of the scheduler (see the class comment). Called by the ticker thread, or by tests. */
    public synchronized void tick() {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        List<JobRun> active = store.active();
        superviseOwn(active, now);
        boolean recovered = recoverDead(active, now);
        if (planner.enqueueDue(kinds.values(), active, now) || recovered) {
            active = store.active();
        }
        claimAndStart(active, now);
        housekeeping(now);
    }

    private void superviseOwn(List<JobRun> active, Instant now) {
        if (!running.isEmpty()) {
            store.heartbeat(options.node(), now);
        }
        for (Execution e : running.values()) {
            if (!now.isBefore(e.startedAt.plus(e.kind.timeout()))) {
                stopAndRecord(e, JobOutcome.failed("timed out after " + e.kind.timeout()));
            }
        }
        for (JobRun r : active) {
            if (r.state() == JobState.RUNNING && r.cancelRequested() && running.containsKey(r.id())) {
                stopAndRecord(running.get(r.id()), JobOutcome.cancelled("cancelled by an operator"));
            }
        }
    }

    /** Recovers dead runs; true when any was. */
    private boolean recoverDead(List<JobRun> active, Instant now) {
        boolean any = false;
        boolean atStart = !recoveredAtStart;
        recoveredAtStart = true;
        for (JobRun r : active) {
            if (r.state() != JobState.RUNNING || running.containsKey(r.id())) {
                continue;
            }
            boolean mine = options.node().equals(r.owner()); // this node restarted under the same name
            boolean orphan = mine || (atStart && options.singleNode());
            Instant heartbeat = r.heartbeatAt() == null ? Instant.EPOCH : r.heartbeatAt();
            if (!orphan && heartbeat.plus(options.staleAfter()).isAfter(now)) {
                continue;
            }
            String why = orphan ? "the server stopped while it ran (node " + r.owner() + ")"
                    : "node " + r.owner() + " stopped sending heartbeats (last " + heartbeat + ")";
            JobOutcome outcome = JobOutcome.failed(why);
            Instant bound = orphan ? now.plusNanos(1000) : now.minus(options.staleAfter());
            if (store.abandon(r.id(), bound, outcome, now, retryOf(r, outcome, now, true))) {
                LOG.log(Level.WARNING, "job run {0} ({1}) recovered: {2}", r.id(), r.kind(), why);
                listener.finished(r, outcome);
            }
            any = true; // recovered here or by another node: re-read either way
        }
        return any;
    }

    private void claimAndStart(List<JobRun> active, Instant now) {
        Map<String, Integer> perKind = new HashMap<>();
        Set<String> runningScopes = new HashSet<>();
        for (JobRun r : active) {
            if (r.state() == JobState.RUNNING) {
                runningScopes.add(SchedulePlanner.scope(r.kind(), r.shop()));
            }
        }
        for (Execution e : running.values()) {
            perKind.merge(e.kind.name(), 1, Integer::sum);
            runningScopes.add(SchedulePlanner.scope(e.kind.name(), e.run.shop()));
        }
        for (JobRun r : active) {
            if (running.size() >= options.concurrency()) {
                return;
            }
            JobKind kind = kinds.get(r.kind());
            String scope = SchedulePlanner.scope(r.kind(), r.shop());
            if (r.state() != JobState.QUEUED || kind == null || r.scheduledAt().isAfter(now)
                    || perKind.getOrDefault(kind.name(), 0) >= kind.concurrency() || runningScopes.contains(scope)) {
                continue;
            }
            Optional<JobRun> claimed = store.claim(r.id(), options.node(), now);
            if (claimed.isEmpty()) {
                continue; // another node claimed it, or it was cancelled
            }
            perKind.merge(kind.name(), 1, Integer::sum);
            runningScopes.add(scope);
            launch(claimed.get(), kind, now);
        }
    }

    private void launch(JobRun run, JobKind kind, Instant now) {
        Execution e = new Execution(run, kind, now);
        running.put(run.id(), e);
        try {
            e.future(workers.submit(() -> work(e)));
        } catch (RejectedExecutionException ex) {
            running.remove(run.id());
            record(e, JobOutcome.failed("the scheduler is closing"));
        }
    }

    private void work(Execution e) {
        JobOutcome outcome;
        try {
            String result = e.kind.handler().run(new JobContext(e.run, e::stopping));
            outcome = e.stopping() ? e.stopReason() : JobOutcome.succeeded(result);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            outcome = e.stopping() ? e.stopReason() : JobOutcome.failed("interrupted");
        } catch (Exception ex) {
            outcome = e.stopping() ? e.stopReason() : JobOutcome.failed(message(ex));
        } catch (Error ex) {
            LOG.log(Level.ERROR, "job run " + e.run.id() + " (" + e.run.kind() + ") failed", ex);
            outcome = JobOutcome.failed(message(ex));
        }
        try {
            if (e.stopping()) {
                return; // whoever stopped it records the outcome (so a cancel returns the ended run)
            }
            if (outcome.state() == JobState.SUCCEEDED && outcome.result() != null
                    && outcome.result().length() > JobOutcome.MAX_RESULT_CHARS) {
                outcome = JobOutcome.succeeded(null);
            }
            record(e, outcome);
        } finally {
            running.remove(e.run.id());
        }
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** Stops a running execution and records {@code outcome} at once (the worker's own outcome is then ignored). */
    private void stopAndRecord(Execution e, JobOutcome outcome) {
        if (e.stop(outcome)) {
            record(e, outcome);
        }
    }

    private void record(Execution e, JobOutcome outcome) {
        if (!e.complete()) {
            return;
        }
        Instant now = clock.instant();
        try {
            if (store.finish(e.run.id(), options.node(), outcome, now, retryOf(e.run, outcome, now, closed))) {
                listener.finished(e.run, outcome);
                if (outcome.state() == JobState.SUCCEEDED) {
                    Map<String, Instant> m = new HashMap<>(lastSuccess);
                    m.put(e.run.kind(), now);
                    lastSuccess = Map.copyOf(m);
                } else {
                    LOG.log(Level.WARNING, "job run {0} ({1}, attempt {2}) {3}: {4}", e.run.id(), e.run.kind(),
                            e.run.attempt(), outcome.state().wire(), outcome.error());
                }
            }
        } catch (RuntimeException ex) {
            // the run stays running in the store: its heartbeat stops, and it is recovered as a dead run
            LOG.log(Level.ERROR, "job run " + e.run.id() + ": recording its outcome failed", ex);
        }
    }

    /**
     * The retry of a failed run, or null when it succeeded, was cancelled or has no attempts left. It waits the kind's
     * back-off, except after a stop that was not the run's fault (the server stopped or died): then it is due at once.
     */
    private NewJobRun retryOf(JobRun run, JobOutcome outcome, Instant now, boolean atOnce) {
        JobKind kind = kinds.get(run.kind());
        if (outcome.state() != JobState.FAILED || kind == null || run.attempt() >= kind.maxAttempts()) {
            return null;
        }
        int next = run.attempt() + 1;
        return new NewJobRun(run.kind(), run.shop(), JobTrigger.RETRY, next,
                atOnce ? now : now.plus(kind.backoffBefore(next)));
    }

    private void housekeeping(Instant now) {
        if (lastSuccessRead.plusSeconds(30).isBefore(now)) {
            lastSuccess = Map.copyOf(store.lastSuccess());
            lastSuccessRead = now;
        }
        if (lastPrune.plus(Duration.ofHours(1)).isBefore(now)) {
            lastPrune = now;
            int n = store.deleteEndedBefore(now.minus(options.retention()));
            if (n > 0) {
                LOG.log(Level.INFO, "deleted {0} job runs older than {1}", n, options.retention());
            }
        }
    }

    /**
     * Enqueues a run now ("run now"). A per-shop kind needs one of its shops; a server-wide kind none.
     *
     * @throws IllegalArgumentException
     *             naming what is wrong (unknown kind, missing or unknown shop)
     */
    public JobRun runNow(String kindName, ShopId shop) {
        JobKind kind = kinds.get(kindName);
        if (kind == null) {
            throw new IllegalArgumentException("unknown job kind '" + kindName + "'; known: " + kindNames());
        }
        if (kind.isPerShop() && shop == null) {
            throw new IllegalArgumentException("job kind " + kindName + " runs per shop: name the shop");
        }
        if (!kind.isPerShop() && shop != null) {
            throw new IllegalArgumentException("job kind " + kindName + " runs for the whole server, not per shop");
        }
        if (kind.isPerShop() && !kind.shops().get().contains(shop)) {
            throw new IllegalArgumentException("shop '" + shop + "' does not exist");
        }
        return store.enqueue(new NewJobRun(kindName, shop, JobTrigger.MANUAL, 1, clock.instant()));
    }

    /**
     * Cancels a run: a queued one at once, a running one is interrupted by its node (at once when it is this one).
     * Empty when there is no such run; a final run is returned unchanged.
     */
    public Optional<JobRun> cancel(long id) {
        Optional<JobRun> after = store.cancel(id, "cancelled by an operator", clock.instant());
        Execution e = running.get(id);
        if (e != null && after.isPresent() && after.get().state() == JobState.RUNNING) {
            stopAndRecord(e, JobOutcome.cancelled("cancelled by an operator"));
            return store.find(id);
        }
        return after;
    }

    public Optional<JobRun> run(long id) {
        return store.find(id);
    }

    public List<JobRun> runs(JobRunQuery query) {
        return store.list(query);
    }

    /** The registered kinds, by name, with their next slots. */
    public List<KindView> kinds() {
        Instant now = clock.instant();
        List<KindView> out = new ArrayList<>();
        for (String name : kindNames()) {
            JobKind kind = kinds.get(name);
            List<Next> next = new ArrayList<>();
            if (kind.schedule() != null) {
                for (ShopId shop : SchedulePlanner.scopes(kind)) {
                    Instant due = planner.due(kind, shop, now);
                    next.add(new Next(shop, due.isBefore(now) ? now : due, kind.schedule().describe(shop)));
                }
            }
            out.add(new KindView(kind, next));
        }
        return out;
    }

    private List<String> kindNames() {
        return kinds.keySet().stream().sorted().toList();
    }

    /** How many runs this node runs now. */
    public int runningCount() {
        return running.size();
    }

    /** Per kind, when its last successful run ended (refreshed from the store every 30 s). */
    public Map<String, Instant> lastSuccess() {
        return lastSuccess;
    }

    /**
     * Stops ticking and interrupts this node's runs; each is recorded failed ("the server stopped") with a retry due at
     * once if attempts remain, so the next start (of any node) runs it again. Waits up to 10 s for the workers.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        Collection<Execution> left = List.copyOf(running.values());
        for (Execution e : left) {
            stopAndRecord(e, JobOutcome.failed("the server stopped while it ran"));
        }
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "job workers still running after 10 s: {0}", running.keySet());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
