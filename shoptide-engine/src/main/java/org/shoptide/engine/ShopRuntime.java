package org.shoptide.engine;

import org.shoptide.core.port.VectorIndex;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.port.RealtimeState;

/** Everything the engine keeps in memory for one shop. */
final class ShopRuntime {
    /** The model being served, with its store info (null info before the first training). */
    record Served(ShopModel model, ModelInfo info) {
    }

    /** An approximate index over the item factors of {@code model} (ADR 0014). */
    record ItemIndex(ShopModel model, org.shoptide.core.port.VectorIndex index) {
    }

    private static final String NO_ALIAS = "";

    final ShopId id;
    volatile Shop shop;
    /**
     * When {@link #shop} was last read from the shop store (clock millis); settings changed elsewhere show after a TTL.
     */
    volatile long shopReadAtMillis;
    final CatalogIndex catalog = new CatalogIndex();
    final RealtimeState realtime;
    final AtomicReference<Served> served;
    /** The served model's approximate item index once built in the background; null while there is none. */
    volatile ItemIndex itemIndex;
    /** Client event ids stored in the log (rebuilt by replay); guarded for check-and-reserve by {@link #ingestLock}. */
    final ClientEventIds eventIds = new ClientEventIds();
    final Object ingestLock = new Object();
    /**
     * Subjects erased since the served model was trained: their trained factor vectors are never used, and once a model
     * trained after the erasure is published, the older versions that still hold them are deleted.
     */
    final Set<String> erasedSinceTraining = ConcurrentHashMap.newKeySet();
    final ReentrantLock trainLock = new ReentrantLock();
    /** anonymous id → user id, or {@link #NO_ALIAS} when known to have none. */
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    /** The offset of the next event realtime state has not applied yet. */
    private long appliedNext;
    private final ReentrantLock appliedLock = new ReentrantLock();
    private final Condition appliedAdvanced = appliedLock.newCondition();
    /** Cached trending/popular rankings per scope, see {@link Recommender}. */
    final Map<String, Recommender.Ranking> rankings = new ConcurrentHashMap<>();
    volatile EventLog.Subscription subscription;
    volatile ScheduledFuture<?> trainingTask;
    /** The shop's current business rules ({@link org.shoptide.engine.rules.RuleSet#EMPTY} when none). */
    volatile org.shoptide.engine.rules.RuleSet rules = org.shoptide.engine.rules.RuleSet.EMPTY;
    /** When rules and experiments were last read from their stores (clock millis). */
    volatile long policiesReadAtMillis;
    /** Guards rule and experiment changes of this shop. */
    final Object policyLock = new Object();
    /** Impression sets, attribution and per-user shown counts. */
    final Exposures exposures = new Exposures(itemId -> {
        CatalogIndex.Entry e = catalog.get(itemId);
        return e == null ? itemId : e.item().id();
    });
    /** Experiments by id. */
    final Map<String, LiveExperiment> experiments = new java.util.concurrent.ConcurrentSkipListMap<>();

    /** The running experiment of a scenario, or null. */
    LiveExperiment running(org.shoptide.engine.api.Scenario scenario) {
        for (LiveExperiment e : experiments.values()) {
            if (e.running() && e.spec().scenario() == scenario) {
                return e;
            }
        }
        return null;
    }

    ShopRuntime(Shop shop, Function<CatalogIndex, RealtimeState> realtimeFactory, Served initial) {
        this.id = shop.id();
        this.shop = shop;
        this.realtime = realtimeFactory.apply(catalog);
        this.served = new AtomicReference<>(initial);
    }

    /** True when the alias of this anonymous id (or its absence) is cached. */
    boolean aliasCached(String anonymousId) {
        return aliases.containsKey(anonymousId);
    }

    /** The cached user of an anonymous id; empty when it has none or is not cached. */
    Optional<String> cachedAlias(String anonymousId) {
        String u = aliases.get(anonymousId);
        return u == null || u.equals(NO_ALIAS) ? Optional.empty() : Optional.of(u);
    }

    void cacheAlias(String anonymousId, String userId) {
        aliases.put(anonymousId, userId == null ? NO_ALIAS : userId);
    }

    void forgetAlias(String anonymousId) {
        aliases.remove(anonymousId);
    }

    void applied(long nextOffset) {
        appliedLock.lock();
        try {
            if (nextOffset > appliedNext) {
                appliedNext = nextOffset;
                appliedAdvanced.signalAll();
            }
        } finally {
            appliedLock.unlock();
        }
    }

    /**
     * Waits until realtime state has applied every offset below {@code nextOffset}; false on timeout. Uses a
     * {@link ReentrantLock} condition so a waiting virtual thread does not pin its carrier.
     */
    boolean awaitApplied(long nextOffset, long timeoutMillis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        appliedLock.lock();
        try {
            while (appliedNext < nextOffset) {
                if (left <= 0) {
                    return false;
                }
                left = appliedAdvanced.awaitNanos(left);
            }
            return true;
        } finally {
            appliedLock.unlock();
        }
    }
}
