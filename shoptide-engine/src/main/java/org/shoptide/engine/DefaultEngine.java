package org.shoptide.engine;

import org.shoptide.core.port.VectorIndex;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
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
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.port.Page;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.experiment.ExperimentStatus;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.ExperimentStore.ExperimentRecord;
import org.shoptide.core.port.RuleStore;
import org.shoptide.engine.api.ApiPrincipal;
import org.shoptide.engine.api.ConflictException;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.ExperimentAssignment;
import org.shoptide.engine.api.ExperimentResults;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.RuleSetInfo;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.engine.experiment.ExperimentAnalysis;
import org.shoptide.engine.experiment.ExperimentParser;
import org.shoptide.engine.rules.Rule;
import org.shoptide.engine.rules.RuleParser;
import org.shoptide.engine.rules.RuleSet;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ErasureResult;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.IngestResult;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ShopCredentials;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RealtimeState.Interaction;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.engine.rerank.RerankContext;
import org.shoptide.engine.rerank.Reranker;
import org.shoptide.engine.rerank.RerankerProvider;

/**
 * The engine over its ports. Per shop it keeps a {@link ShopRuntime}: the catalog index, realtime state, the served
 * model (swapped atomically) and the set of stored client event ids.
 * <p>
 * <b>Freshness.</b> Realtime state has a single writer per shop: the log subscription. {@link #ingest} appends durably
 * and then waits until the subscription has applied the appended offsets, so when it returns {@link #recommend}
 * reflects the events, and events appended by other writers are applied the same way. See
 * {@code docs/adr/0005-realtime-and-recommend-pipeline.md}.
 * <p>
 * <b>Threads.</b> Requests run on the caller's threads and never wait on training. Training runs on a bounded pool
 * ({@code trainingThreads}, named {@code shoptide-train-N}), one training at a time per shop; the daily schedule runs
 * on one {@code shoptide-train-scheduler} thread that only submits work.
 */
public final class DefaultEngine implements Engine, Experimentation {
    private static final System.Logger LOG = System.getLogger(DefaultEngine.class.getName());
    private static final int MAX_NAME = 200;

    private final EngineConfig config;
    private final ShopStore shops;
    private final ItemStore items;
    private final UserStore users;
    private final EventLog log;
    private final ModelStore models;
    /** Null when the engine was built without rule and experiment stores (those features are then unsupported). */
    private final RuleStore ruleStore;
    private final ExperimentStore experimentStore;
    private final java.util.random.RandomGenerator random;
    private final Clock clock;
    private final ApiKeys keys = new ApiKeys(new SecureRandom());
    private final Validation validation;
    private final Recommender recommender;
    /** Learning-to-rank re-rankers (ADR 0010); none unless the composition root sets a provider. */
    private volatile RerankerProvider rerankers = RerankerProvider.NONE;
    private final ShopTraining training;
    private final Map<ShopId, ShopRuntime> runtimes = new ConcurrentHashMap<>();
    private final Object openLock = new Object();
    private final ExecutorService trainer;
    private final ScheduledExecutorService scheduler;
    private volatile RealtimeState.Factory realtimeFactory;
    private volatile org.shoptide.core.port.VectorIndex.Builder vectorIndexBuilder;
    private volatile int vectorIndexMinItems = Integer.MAX_VALUE;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * An engine without rule and experiment stores: business rules and experiments are not supported (their calls throw
     * {@link UnsupportedOperationException}); exposures are logged and attributed as usual.
     */
    public DefaultEngine(EngineConfig config, ShopStore shops, ItemStore items, UserStore users, EventLog log,
            ModelStore models, Clock clock) {
        this(config, shops, items, users, null, null, log, models, clock, new java.util.Random());
    }

    /**
     * The full engine.
     *
     * @param random
     *            source of exploration draws (seed it for reproducible simulations); must be thread-safe
     */
    public DefaultEngine(EngineConfig config, ShopStore shops, ItemStore items, UserStore users, RuleStore rules,
            ExperimentStore experiments, EventLog log, ModelStore models, Clock clock,
            java.util.random.RandomGenerator random) {
        this.ruleStore = rules;
        this.experimentStore = experiments;
        this.random = java.util.Objects.requireNonNull(random, "random");
        this.config = config;
        this.shops = shops;
        this.items = items;
        this.users = users;
        this.log = log;
        this.models = models;
        this.clock = clock;
        this.validation = new Validation(config);
        this.recommender = new Recommender(config, clock);
        this.training = new ShopTraining(config, log, models, users, clock);
        this.trainer = Executors.newFixedThreadPool(config.trainingThreads(), named("shoptide-train-", true));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(named("shoptide-train-scheduler", false));
    }

    /**
     * Keeps each shop's realtime state in what {@code factory} opens (the composition root chooses the adapter by
     * {@code realtime.uri}). Required; call it before the first request.
     */
    public DefaultEngine withRealtime(RealtimeState.Factory factory) {
        this.realtimeFactory = java.util.Objects.requireNonNull(factory, "factory");
        return this;
    }

    /**
     * Serves the learning-to-rank re-rankers that {@code provider} activates (ADR 0010) instead of none. Call it before
     * {@link #start()}; returns this engine, which closes the provider with itself when it is {@link AutoCloseable}.
     */
    public DefaultEngine withRerankers(RerankerProvider provider) {
        this.rerankers = java.util.Objects.requireNonNull(provider, "provider");
        return this;
    }

    /**
     * Serves the ALS source of models with at least {@code minItems} items from an approximate index that
     * {@code builder} builds in the background whenever such a model is loaded or trained (ADR 0014); until it is
     * ready, and for smaller models, scoring stays exact. Call it before {@link #start()}; returns this engine.
     */
    public DefaultEngine withVectorIndex(org.shoptide.core.port.VectorIndex.Builder builder, int minItems) {
        if (minItems < 1) {
            throw new IllegalArgumentException("minItems must be >= 1: " + minItems);
        }
        this.vectorIndexBuilder = java.util.Objects.requireNonNull(builder, "builder");
        this.vectorIndexMinItems = minItems;
        return this;
    }

    /** Builds the approximate item index of {@code model} in the background when configured and large enough. */
    private void indexInBackground(ShopRuntime rt, ShopModel model) {
        org.shoptide.core.port.VectorIndex.Builder b = vectorIndexBuilder;
        if (b == null || !model.hasFactors() || model.itemCount() < vectorIndexMinItems) {
            return;
        }
        Thread.ofPlatform().daemon().name("shoptide-vector-index-" + rt.id).start(() -> {
            long t0 = System.nanoTime();
            try {
                var index = b.build(model.itemFactors(), model.rank());
                if (rt.served.get().model() == model) {
                    rt.itemIndex = new ShopRuntime.ItemIndex(model, index);
                }
                LOG.log(Level.INFO, "shop {0}: approximate index over {1} items of model v{2} built in {3} ms", rt.id,
                        model.itemCount(), model.version(), (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.log(Level.ERROR, "shop " + rt.id + ": building the approximate index failed; scoring stays exact",
                        e);
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

    /**
     * Loads every shop: catalog index, latest model, realtime state replayed from the log; then subscribes to each
     * log's tail and schedules the daily trainings. Idempotent.
     */
    public synchronized void start() {
        if (started) {
            return;
        }
        ensureOpen();
        for (Shop s : shops.list()) {
            runtime(s.id());
        }
        started = true;
        if (config.scheduleTraining()) {
            runtimes.values().forEach(rt -> schedule(rt, clock.instant()));
        }
        LOG.log(Level.INFO, "engine started with {0} shop(s)", runtimes.size());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdownNow();
        trainer.shutdown();
        for (ShopRuntime rt : runtimes.values()) {
            EventLog.Subscription s = rt.subscription;
            if (s != null) {
                s.close();
            }
        }
        try {
            if (!trainer.awaitTermination(30, TimeUnit.SECONDS)) {
                trainer.shutdownNow();
            }
        } catch (InterruptedException e) {
            trainer.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (rerankers instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the re-rankers failed", e);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
    }

    // ---- per-shop runtime ----

    /** The shop's runtime, opening it on first use; NotFoundException when the shop does not exist. */
    private ShopRuntime runtime(ShopId id) {
        ShopRuntime rt = runtimes.get(id);
        if (rt != null) {
            return rt;
        }
        ensureOpen();
        synchronized (openLock) {
            rt = runtimes.get(id);
            if (rt == null) {
                Shop shop = shops.find(id).orElseThrow(() -> new NotFoundException("shop " + id + " not found"));
                rt = open(shop);
                runtimes.put(id, rt);
                if (started && config.scheduleTraining()) {
                    schedule(rt, clock.instant());
                }
            }
            return rt;
        }
    }

    private ShopRuntime open(Shop shop) {
        long t0 = System.nanoTime();
        ShopRuntime.Served served;
        try {
            served = training.loadLatest(shop.id()).orElseGet(() -> emptyModel());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "shop " + shop.id() + ": cannot load its latest model, serving without one", e);
            served = emptyModel();
        }
        RealtimeState.Factory factory = realtimeFactory;
        if (factory == null) {
            throw new IllegalStateException("no realtime state adapter: call withRealtime before serving");
        }
        RealtimeState.Limits limits = config.realtimeLimits();
        ShopRuntime rt = new ShopRuntime(shop, catalog -> factory.open(shop.id(), limits, catalog::categoryPath),
                served);
        items.forEach(shop.id(), rt.catalog::put);
        loadPolicies(rt);
        long[] next = { 0 };
        // Idempotency ids and exposures do not touch the realtime state: they go to a second thread, in log order
        // (together about a quarter of the replay's time at 10M events), the realtime state stays on this one.
        try (ReplaySideWork<LoggedEvent> side = new ReplaySideWork<>(shop.id(), le -> applySide(rt, le))) {
            log.replay(shop.id(), 0, le -> {
                side.add(le);
                applySafely(rt, le, false);
                next[0] = le.offset() + 1;
            });
        }
        rt.applied(next[0]);
        indexInBackground(rt, served.model());
        rt.subscription = log.subscribe(shop.id(), next[0], le -> {
            applySafely(rt, le, true);
            rt.applied(le.offset() + 1);
        });
        LOG.log(Level.INFO, "shop {0}: {1} items, model v{2}, {3} subjects replayed up to offset {4} in {5} ms",
                shop.id(), rt.catalog.size(), served.model().version(), rt.realtime.subjects(), next[0],
                (System.nanoTime() - t0) / 1_000_000);
        return rt;
    }

    private ShopRuntime.Served emptyModel() {
        return new ShopRuntime.Served(ShopModel.empty(clock.instant()), null);
    }

    /** The side of {@link #apply} that a start-up replay runs on its second thread: ids and exposures. */
    private void applySide(ShopRuntime rt, LoggedEvent le) {
        try {
            Event e = le.event();
            if (e.clientEventId() != null) {
                rt.eventIds.add(e.clientEventId());
            }
            long t = e.timestamp().toEpochMilli();
            if (t >= clock.millis() - config.maxEventAge().toMillis()) {
                applyExposure(rt, e, subject(rt, e.userId(), e.anonymousId()), t);
            }
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": event at offset " + le.offset() + " not applied", ex);
        }
    }

    private void applySafely(ShopRuntime rt, LoggedEvent le, boolean whole) {
        try {
            apply(rt, le.event(), whole);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": event at offset " + le.offset() + " not applied", e);
        }
    }

    /**
     * Applies one logged event to the shop's realtime state and, when {@code whole}, to its idempotency set and
     * exposures too (else {@link #applySide} does those).
     */
    private void apply(ShopRuntime rt, Event e, boolean whole) {
        if (whole && e.clientEventId() != null) {
            rt.eventIds.add(e.clientEventId());
        }
        long t = e.timestamp().toEpochMilli();
        if (t < clock.millis() - config.maxEventAge().toMillis()) {
            return;
        }
        String subject = subject(rt, e.userId(), e.anonymousId());
        if (whole) {
            applyExposure(rt, e, subject, t);
        }
        if (subject == null) {
            return;
        }
        RealtimeState rs = rt.realtime;
        float w = (float) EventWeights.weight(config, rt.shop, e);
        String item = rt.catalog.canonicalId(e.itemId());
        switch (e.type()) {
            case VIEW, CLICK, LIKE, CUSTOM -> {
                if (item != null && w > 0) {
                    rs.interact(subject, item, Interaction.ENGAGE, w, e.sessionId(), t);
                }
            }
            case RATE -> {
                if (w != 0) {
                    rs.interact(subject, item, w > 0 ? Interaction.ENGAGE : Interaction.DISLIKE, w, e.sessionId(), t);
                }
            }
            case ADD_TO_CART -> rs.interact(subject, item, Interaction.ADD_TO_CART, Math.max(w, 0), e.sessionId(), t);
            case REMOVE_FROM_CART -> rs.interact(subject, item, Interaction.REMOVE_FROM_CART, 0, e.sessionId(), t);
            case DISLIKE -> rs.interact(subject, item, Interaction.DISLIKE, 0, e.sessionId(), t);
            case PURCHASE -> {
                for (LineItem li : e.lineItems()) {
                    rs.interact(subject, rt.catalog.canonicalId(li.itemId()), Interaction.PURCHASE, Math.max(w, 0),
                            e.sessionId(), t);
                }
            }
            // refunds keep the item in the purchased set; impressions and searches carry no item preference
            case REFUND, IMPRESSION, SEARCH -> {
            }
        }
    }

    /** The id realtime state knows a caller by: the user id, else the user an anonymous id was merged into. */
    private String subject(ShopRuntime rt, String userId, String anonymousId) {
        if (userId != null) {
            return userId;
        }
        if (anonymousId == null) {
            return null;
        }
        if (!rt.aliasCached(anonymousId)) {
            rt.cacheAlias(anonymousId, users.resolveAlias(rt.id, anonymousId).orElse(null));
        }
        return rt.cachedAlias(anonymousId).orElse(anonymousId);
    }

    // ---- shops and keys ----

    @Override
    public ShopCredentials createShop(ShopId id, String name) {
        ensureOpen();
        if (id == null) {
            throw ValidationException.of("id", "shop id is required");
        }
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw ValidationException.of("name", "name must be 1 to " + MAX_NAME + " characters");
        }
        String pk = keys.newKey(ApiKeyKind.PUBLISHABLE, id);
        String sk = keys.newKey(ApiKeyKind.SECRET, id);
        Shop shop = new Shop(id, name.trim(), clock.instant(), ApiKeys.hash(pk), ApiKeys.hash(sk), Map.of(), null);
        shops.create(shop);
        runtime(id);
        return new ShopCredentials(shop, pk, sk);
    }

    @Override
    public List<Shop> listShops() {
        return shops.list();
    }

    @Override
    public Optional<Shop> shop(ShopId id) {
        return shops.find(id);
    }

    @Override
    public String rotateKey(ShopId id, ApiKeyKind kind) {
        String key = keys.newKey(kind, id);
        String oldHash = shops.find(id).map(old -> old.keyHash(kind)).orElse(null);
        if (!shops.replaceKeyHash(id, kind, ApiKeys.hash(key))) {
            throw new NotFoundException("shop " + id + " not found");
        }
        if (oldHash != null) {
            // after the store no longer knows it, so a concurrent authenticate cannot re-cache it
            principals.remove(oldHash);
        }
        ShopRuntime rt = runtimes.get(id);
        if (rt != null) {
            shops.find(id).ifPresent(s -> rt.shop = s);
        }
        return key;
    }

    private static final java.util.regex.Pattern CUSTOM_TYPE = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final int MAX_CUSTOM_TYPES = 100;

    @Override
    public Shop updateShop(ShopId id, ShopUpdate update) {
        ensureOpen();
        String name = update.name();
        Map<String, Double> customEventWeights = update.customEventWeights();
        String trainingTime = update.trainingTime();
        List<Violation> violations = new ArrayList<>();
        if (update.attributionWindowMinutes() != null && (update.attributionWindowMinutes() < 0
                || update.attributionWindowMinutes() > ShopUpdate.MAX_ATTRIBUTION_WINDOW_MINUTES)) {
            violations.add(new Violation(-1, "attributionWindowMinutes", "attributionWindowMinutes must be 0 to "
                    + ShopUpdate.MAX_ATTRIBUTION_WINDOW_MINUTES + " (30 days); 0 turns window attribution off"));
        }
        if (update.explorationRate() != null
                && !(update.explorationRate() >= 0 && update.explorationRate() <= ShopUpdate.MAX_EXPLORATION_RATE)) {
            violations.add(new Violation(-1, "explorationRate", "explorationRate must be a number from 0 to "
                    + ShopUpdate.MAX_EXPLORATION_RATE + "; 0 turns exploration off"));
        }
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            violations.add(new Violation(-1, "name", "name must be 1 to " + MAX_NAME + " characters"));
        }
        if (customEventWeights != null) {
            if (customEventWeights.size() > MAX_CUSTOM_TYPES) {
                violations.add(new Violation(-1, "customEventWeights",
                        "at most " + MAX_CUSTOM_TYPES + " custom event types, got " + customEventWeights.size()));
            }
            customEventWeights.forEach((type, weight) -> {
                String field = "customEventWeights." + type;
                if (type == null || !CUSTOM_TYPE.matcher(type).matches()) {
                    violations.add(new Violation(-1, field, "custom event type names match [a-z][a-z0-9_]{0,63}"));
                } else if (org.shoptide.core.event.EventType.fromWireName(type).isPresent()) {
                    violations.add(new Violation(-1, field,
                            "'" + type + "' is a built-in event type; its weight is set in the server configuration"));
                }
                if (weight == null || !Double.isFinite(weight) || Math.abs(weight) > 100) {
                    violations.add(new Violation(-1, field, "weight must be a finite number between -100 and 100"));
                }
            });
        }
        if (trainingTime != null && !trainingTime.isEmpty()) {
            try {
                DailySchedule.parseTime(trainingTime, config.trainingTime());
            } catch (IllegalArgumentException e) {
                violations.add(new Violation(-1, "trainingTime",
                        "trainingTime must be HH:mm (24 h), got '" + trainingTime + "'"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException("invalid shop settings; nothing was changed", violations);
        }
        ShopRuntime rt = runtime(id);
        synchronized (rt) {
            Shop old = shops.find(id).orElseThrow(() -> new NotFoundException("shop " + id + " not found"));
            Shop updated = new Shop(id, name == null ? old.name() : name.trim(), old.createdAt(),
                    old.publishableKeyHash(), old.secretKeyHash(),
                    customEventWeights == null ? old.customEventWeights() : customEventWeights,
                    trainingTime == null ? old.trainingTime() : trainingTime.isEmpty() ? null : trainingTime,
                    update.attributionWindowMinutes() == null ? old.attributionWindowMinutes()
                            : update.attributionWindowMinutes(),
                    update.explorationRate() == null ? old.explorationRate() : update.explorationRate(),
                    update.trackingConsentRequired() == null ? old.trackingConsentRequired()
                            : update.trackingConsentRequired());
            if (!shops.update(updated)) {
                throw new NotFoundException("shop " + id + " not found");
            }
            rt.shop = updated;
            rt.shopReadAtMillis = clock.millis();
            if (started && config.scheduleTraining()
                    && !java.util.Objects.equals(old.trainingTime(), updated.trainingTime())) {
                ScheduledFuture<?> task = rt.trainingTask;
                if (task != null) {
                    task.cancel(false);
                }
                schedule(rt, clock.instant());
            }
            return updated;
        }
    }

    @Override
    public Optional<ApiPrincipal> authenticate(String apiKey) {
        if (apiKey == null || apiKey.length() > 512) {
            return Optional.empty();
        }
        ApiKeyKind kind = ApiKeys.kindOf(apiKey);
        if (kind == null) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(apiKey);
        long now = System.nanoTime();
        CachedPrincipal cached = principals.get(hash);
        if (cached != null && now - cached.loadedAtNanos() < PRINCIPAL_TTL_NANOS) {
            return Optional.of(cached.principal());
        }
        Optional<ApiPrincipal> found = shops.findByKeyHash(hash).filter(m -> m.kind() == kind)
                .map(m -> new ApiPrincipal(m.shop().id(), m.kind()));
        if (found.isPresent()) {
            if (principals.size() >= MAX_CACHED_PRINCIPALS) {
                principals.clear();
            }
            principals.put(hash, new CachedPrincipal(found.get(), now));
        } else {
            principals.remove(hash);
        }
        return found;
    }

    /**
     * Valid keys are cached by hash so that authentication, done on every request, does not hit the shop store. A
     * rotation on this node evicts the old hash at once; the TTL bounds how long a key rotated by another node sharing
     * the store stays valid here.
     */
    private record CachedPrincipal(ApiPrincipal principal, long loadedAtNanos) {
    }

    private static final long PRINCIPAL_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_CACHED_PRINCIPALS = 100_000;
    private final java.util.concurrent.ConcurrentHashMap<String, CachedPrincipal> principals = new java.util.concurrent.ConcurrentHashMap<>();

    // ---- events ----

    /**
     * Validates, de-duplicates by client event id (check-and-reserve under the shop's lock; reservations are released
     * when the append fails), attributes anonymous events of merged visitors to their user, appends durably and waits
     * until realtime state has applied the batch.
     */
    @Override
    public IngestResult ingest(ShopId shopId, List<Event> events) {
        ensureOpen(); // a closed engine no longer applies the log's tail
        ShopRuntime rt = runtime(shopId);
        Shop shop = currentShop(rt);
        validation.events(shop, events, clock.instant());
        List<Event> attributed = new ArrayList<>(events.size());
        for (Event e : events) {
            String subject = e.userId() == null ? subject(rt, null, e.anonymousId()) : e.userId();
            attributed.add(e.userId() == null && !subject.equals(e.anonymousId()) ? e.withUserId(subject) : e);
        }
        List<Event> toStore = new ArrayList<>(attributed.size());
        List<String> reserved = new ArrayList<>();
        int duplicates = 0;
        synchronized (rt.ingestLock) {
            Set<String> inBatch = new HashSet<>();
            for (Event e : attributed) {
                String cid = e.clientEventId();
                if (cid != null) {
                    if (!inBatch.add(cid) || !rt.eventIds.add(cid)) {
                        duplicates++;
                        continue;
                    }
                    reserved.add(cid);
                }
                toStore.add(e);
            }
        }
        if (toStore.isEmpty()) {
            return new IngestResult(0, duplicates, -1);
        }
        long first;
        try {
            first = log.append(shopId, toStore).join();
        } catch (RuntimeException e) {
            synchronized (rt.ingestLock) {
                reserved.forEach(rt.eventIds::remove); // nothing was stored: a retry must be accepted
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw cause instanceof StoreException se ? se
                    : new StoreException("appending " + toStore.size() + " events to shop " + shopId + " failed",
                            cause);
        }
        awaitRealtime(rt, first + toStore.size());
        return new IngestResult(toStore.size(), duplicates, first);
    }

    private void awaitRealtime(ShopRuntime rt, long nextOffset) {
        try {
            if (!rt.awaitApplied(nextOffset, config.ingestVisibilityTimeout().toMillis())) {
                LOG.log(Level.WARNING, "shop {0}: realtime state did not reach offset {1} within {2}", rt.id,
                        nextOffset, config.ingestVisibilityTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- catalog ----

    /**
     * How long ingest trusts its copy of a shop's settings before re-reading them (changes made on this node show at
     * once).
     */
    private static final long SHOP_SETTINGS_TTL_MILLIS = 5_000;

    /**
     * The shop's settings for validating and weighting events, without a store read per ingest: {@code updateShop} on
     * this node replaces the copy at once; a change by another node sharing the store shows within the TTL.
     */
    private Shop currentShop(ShopRuntime rt) {
        long now = clock.millis();
        if (now - rt.shopReadAtMillis > SHOP_SETTINGS_TTL_MILLIS) {
            shops.find(rt.id).ifPresent(s -> rt.shop = s);
            rt.shopReadAtMillis = now;
        }
        return rt.shop;
    }

    @Override
    public void validateEvents(ShopId shopId, List<Event> events) {
        validation.events(currentShop(runtime(shopId)), events, clock.instant());
    }

    @Override
    public void validateItems(ShopId shop, List<Item> batch) {
        runtime(shop);
        validation.items(batch);
    }

    @Override
    public void upsertItems(ShopId shop, List<Item> batch) {
        ShopRuntime rt = runtime(shop);
        validation.items(batch);
        items.upsert(shop, batch);
        List<String> ids = new ArrayList<>(batch.size());
        batch.forEach(i -> ids.add(i.id()));
        for (Item stored : items.getAll(shop, ids)) {
            rt.catalog.put(stored);
        }
    }

    @Override
    public Optional<Item> item(ShopId shop, String itemId) {
        runtime(shop);
        Validation.requireId("itemId", itemId);
        return items.get(shop, itemId);
    }

    @Override
    public Page<Item> items(ShopId shop, String cursor, int limit) {
        runtime(shop);
        if (limit < 1 || limit > 1000) {
            throw ValidationException.of("limit", "limit must be 1 to 1000");
        }
        return items.list(shop, cursor, limit);
    }

    @Override
    public boolean deleteItem(ShopId shop, String itemId) {
        ShopRuntime rt = runtime(shop);
        Validation.requireId("itemId", itemId);
        boolean deleted = items.delete(shop, itemId);
        rt.catalog.remove(itemId);
        return deleted;
    }

    // ---- users ----

    @Override
    public void upsertUser(ShopId shop, User user) {
        runtime(shop);
        if (user == null) {
            throw ValidationException.of("user", "user is required");
        }
        validation.user(user);
        users.upsert(shop, user);
    }

    @Override
    public Optional<User> user(ShopId shop, String userId) {
        runtime(shop);
        Validation.requireId("userId", userId);
        return users.get(shop, userId);
    }

    /** Stores the alias, then moves the visitor's realtime state into the user's. */
    @Override
    public void alias(ShopId shop, String anonymousId, String userId) {
        ShopRuntime rt = runtime(shop);
        Validation.requireId("anonymousId", anonymousId);
        Validation.requireId("userId", userId);
        if (anonymousId.equals(userId)) {
            throw ValidationException.of("anonymousId", "anonymousId and userId must differ");
        }
        users.alias(shop, anonymousId, userId);
        rt.cacheAlias(anonymousId, userId);
        rt.realtime.merge(anonymousId, userId);
        rt.exposures.merge(anonymousId, userId);
        for (LiveExperiment e : rt.experiments.values()) {
            e.counters.alias(anonymousId, userId);
        }
    }

    /**
     * Erases the user's and their aliases' events from the log, their client event ids, realtime state, alias cache and
     * rows. Item activity counters keep the erased events' anonymous contribution until the next restart.
     */
    @Override
    public ErasureResult eraseUser(ShopId shop, String userId) {
        ShopRuntime rt = runtime(shop);
        Validation.requireId("userId", userId);
        List<String> aliases = users.aliasesOf(shop, userId);
        Set<String> ids = new HashSet<>(aliases);
        ids.add(userId);
        Set<String> erasedIds = ConcurrentHashMap.newKeySet();
        long erased = log.erase(shop, e -> {
            boolean match = e.userId() != null && ids.contains(e.userId())
                    || e.anonymousId() != null && ids.contains(e.anonymousId());
            if (match && e.clientEventId() != null) {
                erasedIds.add(e.clientEventId());
            }
            return match;
        });
        synchronized (rt.ingestLock) {
            rt.eventIds.removeAll(erasedIds);
        }
        rt.erasedSinceTraining.addAll(ids);
        for (String id : ids) {
            rt.realtime.drop(id);
            rt.forgetAlias(id);
        }
        rt.exposures.forget(ids);
        boolean hadRow = users.get(shop, userId).isPresent();
        users.delete(shop, userId);
        ShopModel served = rt.served.get().model();
        if (ids.stream().anyMatch(id -> served.userIndex(id) >= 0)) {
            // the served model (and the stored versions) hold the user's factors: retrain without them, in the
            // background; trainNow then deletes the older versions
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
        return new ErasureResult(hadRow, erased, aliases.size());
    }

    @Override
    public List<LoggedEvent> userEvents(ShopId shop, String userId, int limit) {
        runtime(shop);
        Validation.requireId("userId", userId);
        if (limit < 1 || limit > MAX_TIMELINE) {
            throw new ValidationException("invalid timeline limit",
                    List.of(new Violation(-1, "limit", "limit must be 1 to " + MAX_TIMELINE + ", was " + limit)));
        }
        Set<String> ids = new HashSet<>(users.aliasesOf(shop, userId));
        ids.add(userId);
        // one forward pass keeping the newest `limit` matches in a ring
        LoggedEvent[] ring = new LoggedEvent[limit];
        long[] seen = { 0 };
        log.replay(shop, 0, le -> {
            Event e = le.event();
            if (e.userId() != null && ids.contains(e.userId())
                    || e.anonymousId() != null && ids.contains(e.anonymousId())) {
                ring[(int) (seen[0]++ % limit)] = le;
            }
        });
        int n = (int) Math.min(seen[0], limit);
        List<LoggedEvent> newestFirst = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            newestFirst.add(ring[(int) ((seen[0] - i) % limit)]);
        }
        return newestFirst;
    }

    // ---- recommendations ----

    @Override
    public Recommendation recommend(RecommendationRequest request) {
        return answer(request, true);
    }

    @Override
    public Recommendation preview(RecommendationRequest request) {
        return answer(request, false);
    }

    private Recommendation answer(RecommendationRequest request, boolean expose) {
        ShopRuntime rt = runtime(request.shop());
        int n = request.n() == 0 ? config.defaultN() : request.n();
        if (n < 1 || n > 100) {
            throw ValidationException.of("n", "n must be 1 to 100");
        }
        checkOptionalId("userId", request.userId());
        checkOptionalId("anonymousId", request.anonymousId());
        if (request.scenario() == Scenario.ITEM) {
            Validation.requireId("itemId", request.itemId());
        }
        if (request.itemIds().size() > 100) {
            throw ValidationException.of("itemIds", "at most 100 item ids");
        }
        checkPriceRange(request.filters());
        String subject = subject(rt, request.userId(), request.anonymousId());
        UserSnapshot snapshot = subject == null ? null : rt.realtime.user(subject).orElse(null);
        refreshPolicies(rt);
        Scenario scenario = request.scenario();
        // variant selection, before retrieval: the unit is the user id, else the visitor id
        String unit = request.userId() != null ? request.userId() : request.anonymousId();
        LiveExperiment experiment = unit == null ? null : rt.running(scenario);
        int variant = experiment == null ? -1 : experiment.assign(unit);
        Recommender rec = experiment == null ? recommender : experiment.recommender(variant);
        RuleSet variantRules = experiment == null ? null : experiment.rules(variant);
        RuleSet shopRules = rt.rules;
        RuleSet.ScenarioRules rules = (variantRules != null ? variantRules : shopRules).forScenario(scenario);
        int want = experiment != null && experiment.variant(variant).n() != null ? experiment.variant(variant).n() : n;
        double epsilon = experiment != null && experiment.spec().explorationRate() > 0
                ? experiment.spec().explorationRate()
                : currentShop(rt).explorationRate();
        // learning to rank (ADR 0010): an active re-ranker re-orders a larger pool of the blend
        String model = experiment == null ? "blend" : experiment.variant(variant).model();
        Reranker reranker = "blend".equals(model) ? rerankers.active(rt.id, scenario).orElse(null) : null;
        int fetch = ResponseStage.fetch(rules, want, epsilon);
        Recommendation ranked = rec.recommend(rt, request, snapshot, subject,
                reranker == null ? fetch : Math.max(fetch, Reranking.pool(want)));
        if (reranker != null) {
            ranked = Reranking.apply(reranker,
                    new RerankContext(rt.id, scenario, snapshot, rt.realtime,
                            id -> rt.catalog.get(id) == null ? null : rt.catalog.get(id).item(), clock.millis()),
                    ranked);
        }
        // rules, pins and exploration after ranking
        java.util.Set<String> resting = rules.rotation() == null ? java.util.Set.of()
                : rt.exposures.resting(subject, rules.rotation(), clock.millis());
        ResponseStage.Result result = ResponseStage.apply(rules, ranked.items(), resting,
                pinnable(rt, request, snapshot), want, epsilon, random);
        ExperimentAssignment assignment = experiment == null ? null
                : new ExperimentAssignment(experiment.spec().id(), experiment.variant(variant).name(),
                        variantRules != null);
        Recommendation out = new Recommendation(ranked.recommendationId(), ranked.scenario(), ranked.modelVersion(),
                result.items(), shopRules.version(), assignment);
        // exposure: the answer is durably logged as an impression set before it is returned
        if (expose) {
            logExposure(rt, request, subject, unit, out, model, result.explored(), epsilon);
        }
        return out;
    }

    /** The catalog item of a pinned id when this request may show it (not the seed, the cart, bought or disliked). */
    private static java.util.function.Function<String, Item> pinnable(ShopRuntime rt, RecommendationRequest req,
            UserSnapshot user) {
        return id -> {
            if (id.equals(req.itemId()) || req.itemIds().contains(id) || user != null
                    && (req.excludePurchased() && user.purchased().contains(id) || user.disliked().contains(id))) {
                return null;
            }
            CatalogIndex.Entry e = rt.catalog.get(id);
            return e == null || !Recommender.passes(e, req.filters()) ? null : e.item();
        };
    }

    /**
     * Appends the answer as an {@code impression} event with {@code source=server} (see ADR 0007 for the properties)
     * and, with {@code durableExposure} (the default), waits until it is durable and applied. Either way it is queued
     * before the answer returns, so outcomes sent after the answer are logged after it. An empty answer shows nothing
     * and is not logged.
     */
    private void logExposure(ShopRuntime rt, RecommendationRequest req, String subject, String unit, Recommendation out,
            String model, boolean explored, double epsilon) {
        if (out.items().isEmpty()) {
            return;
        }
        List<ShownItem> shown = new ArrayList<>(out.items().size());
        StringBuilder scores = new StringBuilder();
        StringBuilder sources = new StringBuilder();
        StringBuilder propensities = new StringBuilder();
        StringBuilder features = new StringBuilder();
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        out.items().forEach(ri -> names.addAll(ri.sourceScores().keySet()));
        for (RecommendedItem ri : out.items()) {
            shown.add(new ShownItem(ri.itemId(), ri.position()));
            String sep = scores.isEmpty() ? "" : ",";
            scores.append(sep).append(compact(ri.score()));
            sources.append(sep).append(ri.source());
            features.append(sep.isEmpty() ? "" : ";");
            String column = "";
            for (String name : names) {
                Double f = ri.sourceScores().get(name);
                features.append(column).append(f == null ? "" : compact(f));
                column = ",";
            }
            if (ri.propensity() != null) {
                propensities.append(sep).append(ri.propensity());
            }
        }
        Map<String, String> props = new java.util.LinkedHashMap<>();
        props.put("source", Exposures.SERVER);
        if (unit != null) {
            props.put("unit", unit);
        }
        props.put("model", model);
        props.put("modelVersion", Long.toString(out.modelVersion()));
        props.put("ruleVersion", Integer.toString(out.ruleVersion()));
        if (out.experiment() != null) {
            props.put("experiment", out.experiment().id());
            props.put("variant", out.experiment().variant());
        }
        props.put("scores", scores.toString());
        props.put("sources", sources.toString());
        props.put("sourceNames", String.join(",", names));
        props.put("sourceScores", features.toString());
        if (epsilon > 0) {
            props.put("explorationRate", Double.toString(epsilon));
            props.put("explored", Boolean.toString(explored));
            props.put("propensities", propensities.toString());
        }
        String userId = req.userId() != null ? req.userId()
                : subject != null && !subject.equals(req.anonymousId()) ? subject : null;
        Event e = new Event(null, EventType.IMPRESSION, null, userId, req.anonymousId(), null, clock.instant(), null,
                null, null, null, null, shown,
                new EventContext(null, out.scenario().wireName(), out.recommendationId()), props);
        java.util.concurrent.CompletableFuture<Long> appended = log.append(rt.id, List.of(e));
        if (!config.durableExposure()) {
            // queued in log order (outcomes sent after this answer are logged after it); synced with the next commit
            appended.whenComplete((offset, failure) -> {
                if (failure != null) {
                    LOG.log(Level.WARNING, "shop " + rt.id + ": exposure of recommendation " + out.recommendationId()
                            + " was not logged", failure);
                }
            });
            return;
        }
        long first;
        try {
            first = appended.join();
        } catch (RuntimeException ex) {
            Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            throw cause instanceof StoreException se ? se
                    : new StoreException("logging the exposure of a recommendation of shop " + rt.id + " failed",
                            cause);
        }
        awaitRealtime(rt, first + 1);
    }

    /** A score with at most four decimals and no trailing zeros (every answer's scores are logged). */
    static String compact(double x) {
        if (!Double.isFinite(x)) {
            return "0";
        }
        return java.math.BigDecimal.valueOf(Math.round(x * 1e4), 4).stripTrailingZeros().toPlainString();
    }

    /**
     * Exposure and attribution bookkeeping of one logged event (on the subscription thread, in log order): impression
     * sets, attributed clicks, add-to-carts and purchase lines, experiment counters, and the interactions that end an
     * item's unengaged run for the rotation rule.
     */
    private void applyExposure(ShopRuntime rt, Event e, String subject, long t) {
        Rule.Rotation rotation = rotationRule(rt.rules);
        long window = rt.shop.attributionWindowMinutes() * 60_000L;
        String recId = e.context().recommendationId();
        switch (e.type()) {
            case IMPRESSION -> {
                if (Exposures.SERVER.equals(e.properties().get("source"))) {
                    String expId = e.properties().get("experiment");
                    LiveExperiment x = expId == null ? null : rt.experiments.get(expId);
                    int variant = x == null ? -1 : x.variantIndex(e.properties().get("variant"));
                    rt.exposures.server(e, subject, variant < 0 ? null : expId, variant, rotation);
                    String unit = e.properties().get("unit");
                    if (variant >= 0 && unit != null) {
                        x.counters.exposure(variant, unit, subject);
                    }
                } else {
                    rt.exposures.client(e, subject, rotation);
                }
            }
            case CLICK, ADD_TO_CART -> {
                Exposures.Exposure x = rt.exposures.attribute(recId, subject, e.itemId(), t, window);
                rt.exposures.interaction(subject, e.itemId());
                LiveExperiment le = x == null || x.experimentId == null ? null : rt.experiments.get(x.experimentId);
                if (le != null && le.covers(t)) {
                    if (e.type() == EventType.CLICK) {
                        le.counters.click(x.variant, !x.clicked);
                    } else {
                        le.counters.addToCart(x.variant);
                    }
                }
                if (x != null) {
                    rt.exposures.outcome(x, e.itemId(), e.type() == EventType.CLICK ? 0 : 1, 0);
                    if (e.type() == EventType.CLICK) {
                        x.clicked = true;
                    }
                }
            }
            case PURCHASE -> {
                double total = 0;
                for (LineItem li : e.lineItems()) {
                    total += li.total();
                    Exposures.Exposure x = rt.exposures.attribute(recId, subject, li.itemId(), t, window);
                    rt.exposures.interaction(subject, li.itemId());
                    if (x != null) {
                        rt.exposures.outcome(x, li.itemId(), 2, li.total());
                    }
                    LiveExperiment le = x == null || x.experimentId == null ? null : rt.experiments.get(x.experimentId);
                    if (le != null && le.covers(t) && x.unit != null) {
                        le.counters.attributedRevenue(x.variant, x.unit, li.total());
                    }
                }
                for (LiveExperiment le : rt.experiments.values()) {
                    if (le.covers(t)) {
                        le.counters.purchase(e.userId(), e.anonymousId(), subject, total);
                    }
                }
            }
            case VIEW, LIKE, RATE, CUSTOM -> rt.exposures.interaction(subject, e.itemId());
            default -> {
            }
        }
    }

    /** The strictest rotation rule of any scenario (counts are kept per user and item, whatever the scenario). */
    private static Rule.Rotation rotationRule(RuleSet rules) {
        Rule.Rotation best = null;
        for (Rule r : rules.rules()) {
            if (r instanceof Rule.Rotation ro && (best == null || ro.afterImpressions() < best.afterImpressions())) {
                best = ro;
            }
        }
        return best;
    }

    // ---- business rules and experiments ----

    /** How long a node trusts its copy of rules and experiment states before re-reading them (other nodes' changes). */
    private static final long POLICIES_TTL_MILLIS = 5_000;

    private void requirePolicyStores() {
        if (ruleStore == null || experimentStore == null) {
            throw new UnsupportedOperationException(
                    "this engine was built without rule and experiment stores; business rules and experiments are"
                            + " not available");
        }
    }

    /** Loads the shop's rules and experiments (at open, before replay, so replay can count exposures). */
    private void loadPolicies(ShopRuntime rt) {
        if (ruleStore == null || experimentStore == null) {
            return;
        }
        synchronized (rt.policyLock) {
            ruleStore.latest(rt.id)
                    .ifPresent(r -> rt.rules = RuleSet.of(r.version(), RuleParser.parse(r.definition())));
            for (ExperimentRecord r : experimentStore.list(rt.id)) {
                LiveExperiment live = rt.experiments.get(r.id());
                if (live == null) {
                    rt.experiments.put(r.id(), new LiveExperiment(fromRecord(r), config, clock));
                } else if (live.spec().status() != r.status()) {
                    live.update(live.spec().withStatus(r.status(), r.startedAt(), r.stoppedAt()));
                }
            }
            rt.policiesReadAtMillis = clock.millis();
        }
    }

    /** Re-reads rules and experiment states after the TTL, so changes made by another node sharing the stores show. */
    private void refreshPolicies(ShopRuntime rt) {
        if (clock.millis() - rt.policiesReadAtMillis <= POLICIES_TTL_MILLIS || ruleStore == null) {
            return;
        }
        int known = rt.rules.version();
        var latest = ruleStore.latest(rt.id);
        if (latest.isPresent() && latest.get().version() != known) {
            loadPolicies(rt);
        } else {
            synchronized (rt.policyLock) {
                for (ExperimentRecord r : experimentStore.list(rt.id)) {
                    LiveExperiment live = rt.experiments.get(r.id());
                    if (live == null || live.spec().status() != r.status()) {
                        loadPolicies(rt);
                        break;
                    }
                }
                rt.policiesReadAtMillis = clock.millis();
            }
        }
    }

    private Experiment fromRecord(ExperimentRecord r) {
        Experiment parsed = ExperimentParser.parse(r.definition(), Recommender.sourceNames(config), r.id(),
                r.createdAt());
        return parsed.withStatus(r.status(), r.startedAt(), r.stoppedAt());
    }

    @Override
    public RuleSetInfo replaceRules(ShopId shop, String rulesJson) {
        ShopRuntime rt = runtime(shop);
        requirePolicyStores();
        if (rulesJson == null) {
            throw ValidationException.of("rules", "rules are required");
        }
        List<Rule> parsed = RuleParser.parse(rulesJson);
        synchronized (rt.policyLock) {
            var stored = ruleStore.append(shop, RuleParser.canonical(parsed), clock.instant());
            RuleSet set = RuleSet.of(stored.version(), parsed);
            rt.rules = set;
            return new RuleSetInfo(stored.version(), stored.createdAt(), set.definition());
        }
    }

    @Override
    public RuleSetInfo rules(ShopId shop) {
        runtime(shop);
        requirePolicyStores();
        return ruleStore.latest(shop).map(r -> new RuleSetInfo(r.version(), r.createdAt(), r.definition()))
                .orElse(new RuleSetInfo(0, null, "[]"));
    }

    @Override
    public Optional<RuleSetInfo> rules(ShopId shop, int version) {
        runtime(shop);
        requirePolicyStores();
        return ruleStore.get(shop, version).map(r -> new RuleSetInfo(r.version(), r.createdAt(), r.definition()));
    }

    @Override
    public Experiment createExperiment(ShopId shop, String definitionJson) {
        ShopRuntime rt = runtime(shop);
        requirePolicyStores();
        if (definitionJson == null) {
            throw ValidationException.of("", "the experiment definition is required");
        }
        // random, never derived from the shop id (a key's first characters are the shop id)
        String id = "exp_" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Experiment e = ExperimentParser.parse(definitionJson, Recommender.sourceNames(config), id,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        synchronized (rt.policyLock) {
            experimentStore.create(new ExperimentRecord(shop, id, e.name(), ExperimentStatus.DRAFT,
                    ExperimentParser.canonical(e), e.createdAt(), null, null));
            rt.experiments.put(id, new LiveExperiment(e, config, clock));
        }
        return e;
    }

    @Override
    public Experiment startExperiment(ShopId shop, String id) {
        ShopRuntime rt = runtime(shop);
        requirePolicyStores();
        synchronized (rt.policyLock) {
            LiveExperiment live = live(rt, id);
            Experiment e = live.spec();
            if (e.status() != ExperimentStatus.DRAFT) {
                throw new ConflictException("experiment " + id + " is " + e.status().wireName()
                        + "; only a draft can be started (create a new experiment to run it again)");
            }
            LiveExperiment other = rt.running(e.scenario());
            if (other != null) {
                throw new ConflictException("experiment " + other.spec().id() + " is already running on scenario "
                        + e.scenario().wireName() + "; stop it first");
            }
            Experiment started = e.withStatus(ExperimentStatus.RUNNING,
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS), null);
            store(rt, started);
            live.update(started);
            return started;
        }
    }

    @Override
    public Experiment stopExperiment(ShopId shop, String id) {
        ShopRuntime rt = runtime(shop);
        requirePolicyStores();
        synchronized (rt.policyLock) {
            LiveExperiment live = live(rt, id);
            Experiment e = live.spec();
            if (e.status() != ExperimentStatus.RUNNING) {
                throw new ConflictException("experiment " + id + " is " + e.status().wireName()
                        + "; only a running experiment can be stopped");
            }
            Experiment stopped = e.withStatus(ExperimentStatus.STOPPED, e.startedAt(),
                    clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
            store(rt, stopped);
            live.update(stopped);
            return stopped;
        }
    }

    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private final SecureRandom idRandom = new SecureRandom();

    /** {@code exp_} and 12 random lower-case letters and digits (62 bits). */
    private String newExperimentId() {
        StringBuilder sb = new StringBuilder("exp_");
        for (int i = 0; i < 12; i++) {
            sb.append(ID_ALPHABET.charAt(idRandom.nextInt(ID_ALPHABET.length())));
        }
        return sb.toString();
    }

    private void store(ShopRuntime rt, Experiment e) {
        if (!experimentStore.update(new ExperimentRecord(rt.id, e.id(), e.name(), e.status(),
                ExperimentParser.canonical(e), e.createdAt(), e.startedAt(), e.stoppedAt()))) {
            throw new NotFoundException("experiment " + e.id() + " not found");
        }
    }

    private static LiveExperiment live(ShopRuntime rt, String id) {
        LiveExperiment live = id == null ? null : rt.experiments.get(id);
        if (live == null) {
            throw new NotFoundException("experiment '" + id + "' does not exist in this shop");
        }
        return live;
    }

    @Override
    public List<Experiment> experiments(ShopId shop) {
        ShopRuntime rt = runtime(shop);
        requirePolicyStores();
        List<Experiment> out = new ArrayList<>();
        for (ExperimentRecord r : experimentStore.list(shop)) {
            LiveExperiment live = rt.experiments.get(r.id());
            out.add(live != null ? live.spec() : fromRecord(r));
        }
        return out;
    }

    @Override
    public Optional<Experiment> experiment(ShopId shop, String id) {
        ShopRuntime rt = runtime(shop);
        requirePolicyStores();
        LiveExperiment live = id == null ? null : rt.experiments.get(id);
        return Optional.ofNullable(live == null ? null : live.spec());
    }

    @Override
    public Optional<org.shoptide.engine.api.ImpressionSet> impression(ShopId shop, String recommendationId) {
        ShopRuntime rt = runtime(shop);
        return recommendationId == null ? Optional.empty() : rt.exposures.view(recommendationId);
    }

    @Override
    public ExperimentResults experimentResults(ShopId shop, String id) {
        ShopRuntime rt = runtime(shop);
        requirePolicyStores();
        LiveExperiment live = live(rt, id);
        return ExperimentAnalysis.analyse(live.spec(), live.counters.snapshot(), clock.instant());
    }

    /** A price filter must be a finite, non-negative range with min <= max (an empty range is a client bug). */
    private static void checkPriceRange(Filters f) {
        List<Violation> v = new ArrayList<>();
        for (var bound : List.of(Map.entry("minPrice", java.util.Optional.ofNullable(f.minPrice())),
                Map.entry("maxPrice", java.util.Optional.ofNullable(f.maxPrice())))) {
            bound.getValue().filter(p -> !Double.isFinite(p) || p < 0).ifPresent(
                    p -> v.add(new Violation(-1, bound.getKey(), bound.getKey() + " must be a finite number >= 0")));
        }
        if (v.isEmpty() && f.minPrice() != null && f.maxPrice() != null && f.minPrice() > f.maxPrice()) {
            v.add(new Violation(-1, "minPrice",
                    "minPrice (" + f.minPrice() + ") must not exceed maxPrice (" + f.maxPrice() + ")"));
        }
        if (!v.isEmpty()) {
            throw new ValidationException("invalid price filter", v);
        }
    }

    private static void checkOptionalId(String field, String value) {
        if (value != null) {
            Validation.requireId(field, value);
        }
    }

    // ---- models ----

    /**
     * Trains on the training pool and waits for it. A second call for a shop that is training waits for the running one
     * to finish and then trains again. Serving continues with the old model until the new one is swapped in.
     */
    @Override
    public TrainingReport train(ShopId shop) {
        ShopRuntime rt = runtime(shop);
        ensureOpen();
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

    private TrainingReport trainNow(ShopRuntime rt) {
        rt.trainLock.lock();
        try {
            Shop shop = shops.find(rt.id).orElse(rt.shop);
            rt.shop = shop; // picks up changed settings (training time, custom weights) for the next schedule
            Set<String> erasedBefore = Set.copyOf(rt.erasedSinceTraining);
            ShopTraining.Trained t = training.train(shop);
            rt.served.set(t.served());
            indexInBackground(rt, t.served().model());
            if (!erasedBefore.isEmpty()) {
                // this model was trained on a log without the erased subjects: older versions still hold them
                models.retain(rt.id, 1);
                rt.erasedSinceTraining.removeAll(erasedBefore);
            }
            LOG.log(Level.INFO, "shop {0}: model v{1} serving ({2} events, {3} users, {4} items, {5} ms)", rt.id,
                    t.report().model().version(), t.report().eventsRead(), t.report().users(), t.report().items(),
                    t.report().took().toMillis());
            return t.report();
        } finally {
            rt.trainLock.unlock();
        }
    }

    @Override
    public Optional<ModelInfo> currentModel(ShopId shop) {
        return Optional.ofNullable(runtime(shop).served.get().info());
    }

    /**
     * Schedules the shop's first daily training after {@code after} (and after now); each run schedules the following
     * one, so a timer firing a little early cannot run the same day twice.
     */
    private void schedule(ShopRuntime rt, Instant after) {
        if (closed) {
            return;
        }
        LocalTime at;
        try {
            at = DailySchedule.parseTime(rt.shop.trainingTime(), config.trainingTime());
        } catch (IllegalArgumentException e) {
            LOG.log(Level.WARNING, "shop " + rt.id + ": " + e.getMessage() + "; using the default time");
            at = config.trainingTime();
        }
        Instant now = clock.instant();
        Instant next = DailySchedule.nextRun(now.isAfter(after) ? now : after, at, config.trainingZone());
        long delay = Math.max(0, Duration.between(now, next).toMillis());
        try {
            rt.trainingTask = scheduler.schedule(() -> trainer.execute(() -> {
                try {
                    trainNow(rt);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "shop " + rt.id + ": scheduled training failed", e);
                } finally {
                    schedule(rt, next); // with the shop's settings as training just re-read them
                }
            }), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "shop {0}: not scheduling training, the engine is closing", rt.id);
        }
    }

    /** When the shop's next scheduled training runs (for operators and tests). */
    public Optional<Instant> nextTraining(ShopId shop) {
        ShopRuntime rt = runtime(shop);
        if (!config.scheduleTraining()) {
            return Optional.empty();
        }
        LocalTime at = DailySchedule.parseTime(rt.shop.trainingTime(), config.trainingTime());
        return Optional.of(DailySchedule.nextRun(clock.instant(), at, config.trainingZone()));
    }
}
