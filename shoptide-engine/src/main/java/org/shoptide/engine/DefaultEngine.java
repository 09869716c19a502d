package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.port.PriceAlertStore;
import org.shoptide.core.port.PriceHistoryStore;
import org.shoptide.core.port.Page;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.port.VectorIndex;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.BusinessReport;
import org.shoptide.engine.api.ApiPrincipal;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ErasureResult;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.ExperimentResults;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.engine.api.ImpressionSet;
import org.shoptide.engine.api.IngestResult;
import org.shoptide.engine.api.PriceTracking;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RuleSetInfo;
import org.shoptide.engine.api.ShopCredentials;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.engine.rerank.RerankerProvider;

/**
 * The engine over its ports: the composition of the use cases (ADR 0015), each a class of its own over the
 * {@link ShopRegistry} that opens and holds the per-shop runtimes. This facade only wires and delegates.
 * <p>
 * <b>Freshness.</b> Realtime state has a single writer per shop: the log subscription, through the shop's
 * {@link ShopProjector}. {@link #ingest} appends durably and then waits until the projector has applied the appended
 * offsets, so when it returns {@link #recommend} reflects the events (ADR 0005).
 * <p>
 * <b>Threads.</b> Requests run on the caller's threads and never wait on training; see {@link TrainingService}.
 */
public final class DefaultEngine implements Engine, Experimentation {
    private static final System.Logger LOG = System.getLogger(DefaultEngine.class.getName());

    private final ShopRegistry registry;
    private final VectorIndexing vectorIndexing = new VectorIndexing();
    private final ShopService shopService;
    private final IngestService ingestService;
    private final CatalogService catalogService;
    private final UserService userService;
    private final RecommendService recommendService;
    private final PolicyService policyService;
    private final TrainingService trainingService;
    private final ItemStore itemStore;
    private final ModelStore modelStore;
    private final ShopTraining shopTraining;
    private Duration clusterSyncInterval = Duration.ZERO;
    private RealtimeState.Factory realtimeFactory;
    private ClusterSync clusterSync;
    private ShopEventCopy eventCopy;
    private AlsFitters alsFitters = AlsFitters.IN_PROCESS;
    private final Clock clock;
    private volatile PriceTracker priceTracker;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * An engine without rule and experiment stores: business rules and experiments are not supported (their calls throw
     * {@link UnsupportedOperationException}); exposures are logged and attributed as usual.
     */
    public DefaultEngine(EngineConfig config, ShopStore shops, ItemStore items, UserStore users, EventLog log,
            ModelStore models, Clock clock) {
        this(config, shops, items, users, null, null, log, models, clock, new Random());
    }

    /**
     * The full engine.
     *
     * @param random
     *            source of exploration draws (seed it for reproducible simulations); must be thread-safe
     */
    public DefaultEngine(EngineConfig config, ShopStore shops, ItemStore items, UserStore users, RuleStore rules,
            ExperimentStore experiments, EventLog log, ModelStore models, Clock clock, RandomGenerator random) {
        Validation validation = new Validation(config);
        PolicyLoader policies = new PolicyLoader(rules, experiments, config, clock);
        ShopTraining training = new ShopTraining(config, log, models, users, clock);
        this.clock = clock;
        this.itemStore = items;
        this.modelStore = models;
        this.shopTraining = training;
        this.registry = new ShopRegistry(config, shops, items, users, log, training, policies, vectorIndexing, clock);
        this.trainingService = new TrainingService(registry, training, models, vectorIndexing, config, clock);
        this.shopService = new ShopService(registry, shops, trainingService, config, clock);
        this.ingestService = new IngestService(registry, validation, log, config, clock);
        this.catalogService = new CatalogService(registry, items, validation);
        this.userService = new UserService(registry, users, log, validation, trainingService);
        this.recommendService = new RecommendService(registry, users, policies, new Recommender(config, clock),
                new ExposureLog(log, config, clock), config, clock, random);
        this.policyService = new PolicyService(registry, policies, config, clock);
    }

    /**
     * Keeps each shop's realtime state in what {@code factory} opens (the composition root chooses the adapter by
     * {@code realtime.uri}). Required; call it before the first request.
     */
    public DefaultEngine withRealtime(RealtimeState.Factory factory) {
        registry.realtime(factory);
        this.realtimeFactory = factory;
        return this;
    }

    /**
     * Serves the learning-to-rank re-rankers that {@code provider} activates (ADR 0010) instead of none. Call it before
     * {@link #start()}; returns this engine, which closes the provider with itself when it is {@link AutoCloseable}.
     */
    public DefaultEngine withRerankers(RerankerProvider provider) {
        recommendService.rerankers(provider);
        return this;
    }

    /**
     * Serves the ALS source of models with at least {@code minItems} items from an approximate index that
     * {@code builder} builds in the background whenever such a model is loaded or trained (ADR 0014); until it is
     * ready, and for smaller models, scoring stays exact. Call it before {@link #start()}; returns this engine.
     */
    public DefaultEngine withVectorIndex(VectorIndex.Builder builder, int minItems) {
        vectorIndexing.configure(builder, minItems);
        return this;
    }

    /**
     * Fits the ALS factors of every training (daily, explicit, after an erasure) with {@code fitters} instead of in
     * this process (the composition root's choice by {@code training.uri}); what a fitter reports goes into the
     * published model's metadata. Call it before {@link #start()}; returns this engine, which closes the fitters with
     * itself when they are {@link AutoCloseable}.
     */
    public DefaultEngine withAlsFitters(AlsFitters fitters) {
        shopTraining.alsFitters(fitters);
        this.alsFitters = fitters;
        return this;
    }

    /**
     * Serves the {@code profile} candidate source from {@code store}'s customer-360 profiles (ADR 0032), each read once
     * per user and {@code ttl} and kept in memory ({@link #profilesChanged} drops a shop's cache). May be called before
     * or after {@link #start()} (shops already open get it at once); returns this engine.
     */
    public synchronized DefaultEngine withProfiles(ProfileStore store, Duration ttl) {
        Objects.requireNonNull(store, "store");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("profile cache ttl must be positive: " + ttl);
        }
        Consumer<ShopRuntime> attach = rt -> rt.profiles = new ShopProfiles(rt.id, store, clock, ttl.toMillis());
        registry.onOpened(attach);
        registry.open().forEach(attach);
        return this;
    }

    /**
     * Keeps {@code copy} (the Parquet lake) following every shop's log: opened for each shop the engine opens (now and
     * when shops are created later), erased with {@link #eraseUser}, closed with the engine before the composition
     * closes the event log. Call it before {@link #start()}; returns this engine.
     */
    public DefaultEngine withEventCopy(ShopEventCopy copy) {
        if (started) {
            throw new IllegalStateException("withEventCopy must be called before start()");
        }
        this.eventCopy = Objects.requireNonNull(copy, "copy");
        registry.onOpened(rt -> copy.open(rt.id));
        userService.eventCopy(copy);
        return this;
    }

    /** The copy of the log set by {@link #withEventCopy}, if any (the server schedules the lake's loads on it). */
    public Optional<ShopEventCopy> eventCopy() {
        return Optional.ofNullable(eventCopy);
    }

    /**
     * Tracks prices (ADR 0027): every upsert records its prices in {@code history}, detects drops and notifies the
     * customers who cared through {@code alerts}; rules get {@code price_drop_pct}. May be called after
     * {@link #start()} (the interest index it reads is always kept); returns this engine.
     */
    public synchronized DefaultEngine withPriceTracking(PriceHistoryStore history, PriceAlertStore alerts) {
        PriceTracker tracker = new PriceTracker(registry, history, alerts, clock);
        registry.onOpened(tracker::load);
        registry.open().forEach(tracker::load);
        catalogService.priceTracker(tracker);
        userService.priceTracker(tracker);
        this.priceTracker = tracker;
        return this;
    }

    /** The engine's price tracking, when {@link #withPriceTracking} turned it on. */
    public Optional<PriceTracking> priceTracking() {
        return Optional.ofNullable(priceTracker);
    }

    /**
     * For a node of a cluster (several engines on shared stores): every {@code interval} brings each open shop's
     * catalog index up to the item store and serves a newer model from the model store, so what another node wrote is
     * seen here within one interval. Zero (the default) turns it off. Call it before {@link #start()}.
     */
    public DefaultEngine withClusterSync(Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("cluster sync interval must not be negative: " + interval);
        }
        this.clusterSyncInterval = interval;
        return this;
    }

    /**
     * Loads every shop: catalog index, latest model, realtime state replayed from the log; then subscribes to each
     * log's tail and schedules the daily trainings. Idempotent.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        registry.ensureOpen();
        for (Shop s : shopService.listShops()) {
            registry.runtime(s.id());
        }
        started = true;
        trainingService.start();
        if (!clusterSyncInterval.isZero()) {
            clusterSync = new ClusterSync(registry, itemStore, modelStore, shopTraining, vectorIndexing,
                    clusterSyncInterval);
        }
        LOG.log(Level.INFO, "engine started with {0} shop(s)", registry.open().size());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (clusterSync != null) {
            clusterSync.close();
        }
        registry.close();
        trainingService.close();
        if (eventCopy != null) { // after training (a Spark run reads the lake), before the composition closes the log
            try {
                eventCopy.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "closing the event copy (lake) failed", e);
            }
        }
        if (alsFitters instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the ALS fitters failed", e);
            }
        }
        if (realtimeFactory instanceof AutoCloseable c) { // a shared store's connection (Redis)
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the realtime state failed", e);
            }
        }
        if (recommendService.rerankers() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the re-rankers failed", e);
            }
        }
    }

    /** The shop's runtime (tests in this package look at a node's catalog index and served model through it). */
    ShopRuntime runtimeOf(ShopId shop) {
        return registry.runtime(shop);
    }

    // ---- shops and keys ----

    @Override
    public ShopCredentials createShop(ShopId id, String name) {
        return shopService.createShop(id, name);
    }

    @Override
    public List<Shop> listShops() {
        return shopService.listShops();
    }

    @Override
    public Optional<Shop> shop(ShopId id) {
        return shopService.shop(id);
    }

    @Override
    public String rotateKey(ShopId id, ApiKeyKind kind) {
        return shopService.rotateKey(id, kind);
    }

    @Override
    public Shop updateShop(ShopId id, ShopUpdate update) {
        return shopService.updateShop(id, update);
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String apiKey) {
        return shopService.authenticate(apiKey);
    }

    // ---- events ----

    @Override
    public IngestResult ingest(ShopId shop, List<Event> events) {
        return ingestService.ingest(shop, events);
    }

    @Override
    public void validateEvents(ShopId shop, List<Event> events) {
        ingestService.validateEvents(shop, events);
    }

    // ---- catalog ----

    @Override
    public void validateItems(ShopId shop, List<Item> batch) {
        catalogService.validateItems(shop, batch);
    }

    @Override
    public void upsertItems(ShopId shop, List<Item> batch, String source) {
        catalogService.upsertItems(shop, batch, source);
    }

    @Override
    public Optional<Item> item(ShopId shop, String itemId) {
        return catalogService.item(shop, itemId);
    }

    @Override
    public Page<Item> items(ShopId shop, String cursor, int limit) {
        return catalogService.items(shop, cursor, limit);
    }

    @Override
    public boolean deleteItem(ShopId shop, String itemId) {
        return catalogService.deleteItem(shop, itemId);
    }

    // ---- users ----

    @Override
    public void upsertUser(ShopId shop, User user) {
        userService.upsertUser(shop, user);
    }

    @Override
    public Optional<User> user(ShopId shop, String userId) {
        return userService.user(shop, userId);
    }

    @Override
    public void alias(ShopId shop, String anonymousId, String userId) {
        userService.alias(shop, anonymousId, userId);
    }

    @Override
    public boolean unalias(ShopId shop, String anonymousId, String userId) {
        return userService.unalias(shop, anonymousId, userId);
    }

    @Override
    public void profilesChanged(ShopId shop) {
        ShopProfiles p = registry.runtime(shop).profiles;
        if (p != null) {
            p.invalidate();
        }
    }

    @Override
    public ErasureResult eraseUser(ShopId shop, String userId) {
        return userService.eraseUser(shop, userId);
    }

    @Override
    public List<LoggedEvent> userEvents(ShopId shop, String userId, int limit) {
        return userService.userEvents(shop, userId, limit);
    }

    // ---- recommendations ----

    @Override
    public Recommendation recommend(RecommendationRequest request) {
        return recommendService.answer(request, true);
    }

    @Override
    public Recommendation preview(RecommendationRequest request) {
        return recommendService.answer(request, false);
    }

    @Override
    public Optional<ImpressionSet> impression(ShopId shop, String recommendationId) {
        return recommendService.impression(shop, recommendationId);
    }

    @Override
    public BusinessReport business(ShopId shop, LocalDate from, LocalDate to) {
        return recommendService.business(shop, from, to);
    }

    // ---- business rules and experiments ----

    @Override
    public RuleSetInfo replaceRules(ShopId shop, String rulesJson) {
        return policyService.replaceRules(shop, rulesJson);
    }

    @Override
    public RuleSetInfo rules(ShopId shop) {
        return policyService.rules(shop);
    }

    @Override
    public Optional<RuleSetInfo> rules(ShopId shop, int version) {
        return policyService.rules(shop, version);
    }

    @Override
    public Experiment createExperiment(ShopId shop, String definitionJson) {
        return policyService.createExperiment(shop, definitionJson);
    }

    @Override
    public Experiment startExperiment(ShopId shop, String id) {
        return policyService.startExperiment(shop, id);
    }

    @Override
    public Experiment stopExperiment(ShopId shop, String id) {
        return policyService.stopExperiment(shop, id);
    }

    @Override
    public List<Experiment> experiments(ShopId shop) {
        return policyService.experiments(shop);
    }

    @Override
    public Optional<Experiment> experiment(ShopId shop, String id) {
        return policyService.experiment(shop, id);
    }

    @Override
    public ExperimentResults experimentResults(ShopId shop, String id) {
        return policyService.experimentResults(shop, id);
    }

    // ---- models ----

    @Override
    public TrainingReport train(ShopId shop) {
        return trainingService.train(shop);
    }

    @Override
    public Optional<ModelInfo> currentModel(ShopId shop) {
        return trainingService.currentModel(shop);
    }

    /** When the shop's next scheduled training runs (for operators and tests). */
    public Optional<Instant> nextTraining(ShopId shop) {
        return trainingService.nextTraining(shop);
    }
}
