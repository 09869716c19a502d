package org.shoptide.engine;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.algo.ModelTrainer;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.model.ModelFormat;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.engine.tuning.Holdout;

/**
 * Offline side of a shop's model: replays the event log into {@link TrainingData}, trains, publishes the artifact and
 * loads published artifacts. Serving is swapped by the caller; nothing here touches served state.
 * <p>
 * Every event with an item contributes {@link EventWeights#weight} (negative for refunds, dislikes and low ratings,
 * which the per-pair sum in {@code TrainingData} nets against earlier positive events); purchases and refunds
 * contribute per line item, weighted by quantity (capped at 3). Events without a user id whose anonymous id was merged
 * into a user are attributed to that user. Events older than {@code maxEventAge} are skipped.
 */
final class ShopTraining {
    /**
     * Leave-latest-out validation of every run ({@link TrainingEvaluation}): up to {@link EngineConfig#holdoutUsers()}
     * users with at least {@link #HOLDOUT_MIN_ITEMS} items, and at most a tenth of them, have their latest pair left
     * out of the batch model (the realtime state still has it, so serving barely changes); when that is fewer than
     * {@link #HOLDOUT_MIN_USERS} users nothing is held out.
     */
    static final double HOLDOUT_FRACTION = 0.1;
    static final int HOLDOUT_MIN_ITEMS = 3;
    static final int HOLDOUT_MIN_USERS = 50;

    private final EngineConfig config;
    private final TrainingParams params;
    private final EventLog log;
    private final ModelStore models;
    private final UserStore users;
    private final Clock clock;
    private volatile AlsFitters fitters = AlsFitters.IN_PROCESS;

    ShopTraining(EngineConfig config, EventLog log, ModelStore models, UserStore users, Clock clock) {
        this.config = config;
        this.params = config.trainingParams();
        this.log = log;
        this.models = models;
        this.users = users;
        this.clock = clock;
    }

    /** Where the ALS factors of the following trainings come from ({@link AlsFitters#IN_PROCESS} by default). */
    void alsFitters(AlsFitters f) {
        this.fitters = Objects.requireNonNull(f, "fitters");
    }

    /** The model and info of the newest published version, or empty when none exists. */
    Optional<ServedModel.Served> loadLatest(ShopId shop) {
        Optional<ModelInfo> info = models.latest(shop);
        if (info.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = models.open(shop, info.get().version())) {
            ShopModel m = ModelFormat.read(in).withVersion(info.get().version());
            return Optional.of(new ServedModel.Served(m, info.get()));
        } catch (IOException e) {
            throw new StoreException("cannot read model " + info.get().version() + " of shop " + shop, e);
        }
    }

    /**
     * Replays the log, trains and publishes a new version; retains {@code modelsToRetain} versions. With
     * {@code training.auto-blend} on, a model is first trained on a {@link Holdout} of the data (always with the
     * in-process ALS, so a distributed fitter's view of the whole log cannot leak the held-out events), the shop's
     * blend is tuned on it ({@link BlendTuning}, served state of {@code rt} read, not changed) and the offline metrics
     * ({@link TrainingEvaluation}) are measured on it; the published model is then trained on all the data and carries
     * the choice in its metadata ({@link BlendChoice}).
     */
    Trained train(Shop shop, ShopRuntime rt) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        long oldest = started.minus(config.maxEventAge()).toEpochMilli();
        TrainingData data = new TrainingData();
        Map<String, String> aliasCache = new HashMap<>();
        long[] read = { 0 };
        log.replay(shop.id(), 0, le -> {
            read[0]++;
            Event e = le.event();
            long t = e.timestamp().toEpochMilli();
            if (t < oldest) {
                return;
            }
            String subject = subject(shop.id(), e, aliasCache);
            if (subject == null) {
                return;
            }
            if (e.type() == EventType.PURCHASE || e.type() == EventType.REFUND) {
                for (LineItem li : e.lineItems()) {
                    float w = (float) (EventWeights.weight(config, shop, e) * Math.min(3, li.quantity()));
                    data.add(subject, li.itemId(), e.type(), w, t);
                }
            } else if (e.itemId() != null) {
                float w = (float) EventWeights.weight(config, shop, e);
                if (w != 0) {
                    data.add(subject, e.itemId(), e.type(), w, t);
                }
            }
        });
        Map<String, String> evaluation = null;
        Map<String, String> tuning = new LinkedHashMap<>();
        TrainingData.Holdout holdout = TrainingData.Holdout.NONE;
        if (config.autoBlend()) {
            tuning.put("blend.auto", "true");
            Holdout h = Holdout.latestEvents(data, config.autoBlendUsers(), params.seed());
            if (!h.isEmpty()) {
                ShopModel probe = ModelTrainer.train(h.training(), params, config.itemModels(), started,
                        ModelTrainer.IN_PROCESS_ALS);
                evaluation = TrainingEvaluation.evaluate(probe, h.training(),
                        firstUsers(h.pairs(), config.holdoutUsers()));
                tuning.putAll(BlendTuning.tune(new Recommender(config, clock), rt, probe, h, config).metadata());
            }
        } else {
            holdout = data.holdOutLatest(config.holdoutUsers(), HOLDOUT_FRACTION, HOLDOUT_MIN_ITEMS, HOLDOUT_MIN_USERS,
                    params.seed());
        }
        Map<String, String> fitReport = new LinkedHashMap<>();
        ModelTrainer.AlsFitter als = fitters.forShop(shop, aliasCache, Instant.ofEpochMilli(oldest), fitReport);
        ShopModel model = ModelTrainer.train(data, params, config.itemModels(), started, als);
        if (evaluation == null) {
            evaluation = TrainingEvaluation.evaluate(model, data, holdout);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("events", Long.toString(read[0]));
        meta.put("users", Integer.toString(data.userCount()));
        meta.put("items", Integer.toString(data.itemCount()));
        meta.put("tookMillis", Long.toString(took.toMillis()));
        meta.put("trainedAt", started.toString());
        meta.putAll(evaluation);
        meta.putAll(tuning);
        meta.putAll(fitReport); // empty in process: the metadata stays as it always was
        ModelInfo info = models.publish(shop.id(), meta, out -> ModelFormat.write(model, out));
        models.retain(shop.id(), config.modelsToRetain());
        ShopModel served = model.withVersion(info.version());
        Map<String, String> stats = new LinkedHashMap<>(model.stats());
        stats.putAll(evaluation);
        stats.putAll(tuning);
        stats.putAll(fitReport);
        TrainingReport report = new TrainingReport(info, read[0], data.userCount(), data.itemCount(), took, stats);
        return new Trained(new ServedModel.Served(served, info), report);
    }

    /** The rows of the hold-out's first {@code users} users (rows are grouped by user). */
    private static TrainingData.Holdout firstUsers(TrainingData.Holdout h, int users) {
        int rows = 0;
        int seen = 0;
        while (rows < h.size()) {
            if (rows == 0 || h.users()[rows] != h.users()[rows - 1]) {
                if (seen == users) {
                    break;
                }
                seen++;
            }
            rows++;
        }
        return new TrainingData.Holdout(Arrays.copyOf(h.users(), rows), Arrays.copyOf(h.items(), rows),
                Arrays.copyOf(h.times(), rows));
    }

    /** A published model and its report. */
    record Trained(ServedModel.Served served, TrainingReport report) {
    }

    private String subject(ShopId shop, Event e, Map<String, String> aliasCache) {
        if (e.userId() != null) {
            return e.userId();
        }
        if (e.anonymousId() == null) {
            return null;
        }
        return aliasCache.computeIfAbsent(e.anonymousId(), a -> users.resolveAlias(shop, a).orElse(a));
    }
}
