package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.TrainingReport;

/**
 * Use case: training and its daily schedule. Requests never wait on training: it runs on a bounded pool
 * ({@code trainingThreads}, named {@code shoptide-train-N}), one training at a time per shop, and the new model is
 * swapped in when done; the schedule runs on one {@code shoptide-train-scheduler} thread that only submits work.
 */
final class TrainingService {
    private static final System.Logger LOG = System.getLogger(TrainingService.class.getName());

    private final ShopRegistry registry;
    private final ShopTraining training;
    private final ModelStore models;
    private final VectorIndexing vectorIndexing;
    private final EngineConfig config;
    private final Clock clock;
    private final ExecutorService trainer;
    private final ScheduledExecutorService scheduler;
    private final Map<ShopId, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private volatile boolean started;

    TrainingService(ShopRegistry registry, ShopTraining training, ModelStore models, VectorIndexing vectorIndexing,
            EngineConfig config, Clock clock) {
        this.registry = registry;
        this.training = training;
        this.models = models;
        this.vectorIndexing = vectorIndexing;
        this.config = config;
        this.clock = clock;
        this.trainer = Executors.newFixedThreadPool(config.trainingThreads(), named("shoptide-train-", true));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("shoptide-train-scheduler", false));
        registry.onOpened(rt -> {
            if (started && config.scheduleTraining()) {
                schedule(rt, clock.instant());
            }
        });
    }

    private static ThreadFactory named(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, numbered ? name + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Schedules the daily trainings of the open shops and of shops opened from now on. */
    void start() {
        started = true;
        if (config.scheduleTraining()) {
            registry.open().forEach(rt -> schedule(rt, clock.instant()));
        }
    }

    /** Stops scheduling; a training that runs finishes (waits up to 30 s). */
    void close() {
        scheduler.shutdownNow();
        trainer.shutdown();
        try {
            if (!trainer.awaitTermination(30, TimeUnit.SECONDS)) {
                trainer.shutdownNow();
            }
        } catch (InterruptedException e) {
            trainer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Trains on the training pool and waits for it. A second call for a shop that is training waits for the running one
     * to finish and then trains again. Serving continues with the old model until the new one is swapped in.
     */
    TrainingReport train(ShopId shop) {
        ShopRuntime rt = registry.runtime(shop);
        registry.ensureOpen();
        Future<TrainingReport> f = trainer.submit(() -> trainNow(rt));
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training shop " + shop, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("training of shop " + shop + " failed", e.getCause());
        }
    }

    /** Retrains in the background so that the erased subjects' factors leave the served and stored models. */
    void retrainAfterErasure(ShopRuntime rt) {
        try {
            trainer.execute(() -> {
                try {
                    trainNow(rt);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "shop " + rt.id + ": retraining after an erasure failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "shop {0}: engine closing, erasure retraining not started", rt.id);
        }
    }

    private TrainingReport trainNow(ShopRuntime rt) {
        return rt.served.exclusively(() -> {
            Shop shop = rt.settings.reload(); // changed settings (training time, weights) for the next schedule too
            Set<String> erasedBefore = rt.served.erasedSnapshot();
            ShopTraining.Trained t = training.train(shop, rt);
            rt.served.publish(t.served());
            vectorIndexing.indexInBackground(rt, t.served().model());
            if (!erasedBefore.isEmpty()) {
                // this model was trained on a log without the erased subjects: older versions still hold them
                models.retain(rt.id, 1);
                rt.served.trainedWithout(erasedBefore);
            }
            LOG.log(Level.INFO, "shop {0}: model v{1} serving ({2} events, {3} users, {4} items, {5} ms)", rt.id,
                    t.report().model().version(), t.report().eventsRead(), t.report().users(), t.report().items(),
                    t.report().took().toMillis());
            return t.report();
        });
    }

    Optional<ModelInfo> currentModel(ShopId shop) {
        return Optional.ofNullable(registry.runtime(shop).served.get().info());
    }

    /** Re-plans the shop's daily training when its training time changed. */
    void settingsChanged(ShopRuntime rt, Shop old, Shop updated) {
        if (started && config.scheduleTraining() && !Objects.equals(old.trainingTime(), updated.trainingTime())) {
            ScheduledFuture<?> task = scheduled.get(rt.id);
            if (task != null) {
                task.cancel(false);
            }
            schedule(rt, clock.instant());
        }
    }

    /**
     * Schedules the shop's first daily training after {@code after} (and after now); each run schedules the following
     * one, so a timer firing a little early cannot run the same day twice.
     */
    private void schedule(ShopRuntime rt, Instant after) {
        if (registry.closed()) {
            return;
        }
        LocalTime at;
        try {
            at = DailySchedule.parseTime(rt.settings.cached().trainingTime(), config.trainingTime());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": " + e.getMessage() + "; using the default time");
            at = config.trainingTime();
        }
        Instant now = clock.instant();
        Instant next = DailySchedule.nextRun(now.isAfter(after) ? now : after, at, config.trainingZone());
        long delay = Math.max(0, Duration.between(now, next).toMillis());
        try {
            scheduled.put(rt.id, scheduler.schedule(() -> trainer.execute(() -> {
                try {
                    trainNow(rt);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "shop " + rt.id + ": scheduled training failed", e);
                } finally {
                    schedule(rt, next); // with the shop's settings as training just re-read them
                }
            }), delay, TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "shop {0}: not scheduling training, the engine is closing", rt.id);
        }
    }

    /** When the shop's next scheduled training runs (for operators and tests). */
    Optional<Instant> nextTraining(ShopId shop) {
        ShopRuntime rt = registry.runtime(shop);
        if (!config.scheduleTraining()) {
            return Optional.empty();
        }
        LocalTime at = DailySchedule.parseTime(rt.settings.cached().trainingTime(), config.trainingTime());
        return Optional.of(DailySchedule.nextRun(clock.instant(), at, config.trainingZone()));
    }
}
