package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;

/**
 * Keeps one engine node in step with what other nodes write to the shared stores (PostgreSQL entities, a shared model
 * store), for a cluster of API nodes. Events need none of this: every node follows the event log. Every
 * {@code interval} it brings each open shop's in-memory catalog index up to the item store (new, changed and deleted
 * items), swaps in a newer model version another node or a Spark job published, and forgets which visitors had no alias
 * (another node may have merged them into a user).
 * <p>
 * Bounded staleness, not push: a catalog change or a new model reaches the other nodes within one interval. One box
 * does not run it (the interval is zero there).
 */
final class ClusterSync implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClusterSync.class.getName());

    private final ShopRegistry registry;
    private final ItemStore items;
    private final ModelStore models;
    private final ShopTraining training;
    private final VectorIndexing vectorIndexing;
    private final ScheduledExecutorService timer;

    ClusterSync(ShopRegistry registry, ItemStore items, ModelStore models, ShopTraining training,
            VectorIndexing vectorIndexing, Duration interval) {
        this.registry = registry;
        this.items = items;
        this.models = models;
        this.training = training;
        this.vectorIndexing = vectorIndexing;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shoptide-cluster-sync");
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        var unused = timer.scheduleWithFixedDelay(this::syncAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** One pass over every open shop; a failure of one shop is logged and the others go on. */
    void syncAll() {
        for (ShopRuntime rt : registry.open()) {
            try {
                syncCatalog(rt);
                syncModel(rt);
                rt.aliases.forgetUnaliased();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "shop " + rt.id + ": cluster sync failed, retrying next interval", e);
            }
        }
    }

    /** Puts new and changed items into the index and removes the ones the store no longer has. */
    void syncCatalog(ShopRuntime rt) {
        Set<String> seen = new HashSet<>();
        int[] changed = { 0 };
        items.forEach(rt.id, item -> {
            seen.add(item.id());
            CatalogIndex.Entry e = rt.catalog.get(item.id());
            if (e == null || !e.item().equals(item)) {
                rt.catalog.put(item);
                changed[0]++;
            }
        });
        List<String> gone = new ArrayList<>();
        for (CatalogIndex.Entry e : rt.catalog.all()) {
            if (!seen.contains(e.item().id())) {
                gone.add(e.item().id());
            }
        }
        for (String id : gone) {
            // an item this node stored after the scan started is in the store: check before removing it
            if (items.get(rt.id, id).isEmpty()) {
                rt.catalog.remove(id);
                changed[0]++;
            }
        }
        if (changed[0] > 0) {
            LOG.log(Level.DEBUG, "shop {0}: {1} catalog change(s) from the shared store", rt.id, changed[0]);
        }
    }

    /** Serves the store's latest model when it is newer than the one served. */
    void syncModel(ShopRuntime rt) {
        Optional<ModelInfo> latest = models.latest(rt.id);
        if (latest.isEmpty() || latest.get().version() <= rt.served.model().version()) {
            return;
        }
        rt.served.exclusively(() -> {
            if (latest.get().version() <= rt.served.model().version()) {
                return null;
            }
            training.loadLatest(rt.id).ifPresent(s -> {
                rt.served.publish(s);
                vectorIndexing.indexInBackground(rt, s.model());
                LOG.log(Level.INFO, "shop {0}: model v{1} from the shared model store now serving", rt.id,
                        s.model().version());
            });
            return null;
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
