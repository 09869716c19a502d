package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.NotFoundException;

/**
 * Opens and holds each shop's {@link ShopRuntime}: on first use it loads the catalog index, the latest model and the
 * shop's policies, replays the log into a {@link ShopProjector} and subscribes the projector to the log's tail.
 */
final class ShopRegistry {
    private static final System.Logger LOG = System.getLogger(ShopRegistry.class.getName());

    private final EngineConfig config;
    private final ShopStore shops;
    private final ItemStore items;
    private final UserStore users;
    private final EventLog log;
    private final ShopTraining training;
    private final PolicyLoader policies;
    private final VectorIndexing vectorIndexing;
    private final Clock clock;
    private final Map<ShopId, ShopRuntime> runtimes = new ConcurrentHashMap<>();
    private final Map<ShopId, EventLog.Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Object openLock = new Object();
    private volatile RealtimeState.Factory realtimeFactory;
    private volatile Consumer<ShopRuntime> onOpened = rt -> {
    };
    private volatile boolean closed;

    ShopRegistry(EngineConfig config, ShopStore shops, ItemStore items, UserStore users, EventLog log,
            ShopTraining training, PolicyLoader policies, VectorIndexing vectorIndexing, Clock clock) {
        this.config = config;
        this.shops = shops;
        this.items = items;
        this.users = users;
        this.log = log;
        this.training = training;
        this.policies = policies;
        this.vectorIndexing = vectorIndexing;
        this.clock = clock;
    }

    void realtime(RealtimeState.Factory factory) {
        this.realtimeFactory = Objects.requireNonNull(factory, "factory");
    }

    /** Adds a listener that runs after a shop is opened (the training schedule and the lake use it). */
    void onOpened(Consumer<ShopRuntime> listener) {
        this.onOpened = this.onOpened.andThen(listener);
    }

    /** Fails once the engine is closed. */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("engine is closed");
        }
    }

    /** The shop's runtime, opening it on first use; NotFoundException when the shop does not exist. */
    ShopRuntime runtime(ShopId id) {
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
                onOpened.accept(rt);
            }
            return rt;
        }
    }

    /** The runtime of a shop that is open, or null. */
    ShopRuntime ifOpen(ShopId id) {
        return runtimes.get(id);
    }

    Collection<ShopRuntime> open() {
        return runtimes.values();
    }

    /** Stops applying the logs' tails; later calls fail. */
    void close() {
        closed = true;
        subscriptions.values().forEach(EventLog.Subscription::close);
    }

    boolean closed() {
        return closed;
    }

    private ShopRuntime open(Shop shop) {
        long t0 = System.nanoTime();
        ServedModel.Served served;
        try {
            served = training.loadLatest(shop.id()).orElseGet(this::emptyModel);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "shop " + shop.id() + ": cannot load its latest model, serving without one", e);
            served = emptyModel();
        }
        RealtimeState.Factory factory = realtimeFactory;
        if (factory == null) {
            throw new IllegalStateException("no realtime state adapter: call withRealtime before serving");
        }
        ShopRuntime rt = new ShopRuntime(shop, new ShopSettings(shop, shops, clock), factory, config.realtimeLimits(),
                users, served);
        items.forEach(shop.id(), rt.catalog::put);
        policies.load(rt); // before replay, so replay can count exposures
        ShopProjector projector = new ShopProjector(rt, config, clock, log);
        rt.projector = projector;
        long next = projector.replay();
        vectorIndexing.indexInBackground(rt, served.model());
        subscriptions.put(shop.id(), log.subscribe(shop.id(), next, projector::accept));
        LOG.log(Level.INFO, "shop {0}: {1} items, model v{2}, {3} subjects replayed up to offset {4} in {5} ms",
                shop.id(), rt.catalog.size(), served.model().version(), rt.realtime.subjects(), next,
                (System.nanoTime() - t0) / 1_000_000);
        return rt;
    }

    private ServedModel.Served emptyModel() {
        return new ServedModel.Served(ShopModel.empty(clock.instant()), null);
    }
}
