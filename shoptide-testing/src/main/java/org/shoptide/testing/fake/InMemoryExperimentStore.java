package org.shoptide.testing.fake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.shop.ShopId;

/** Thread-safe in-memory {@link ExperimentStore} for tests. */
public final class InMemoryExperimentStore implements ExperimentStore {
    private final Map<ShopId, Map<String, ExperimentRecord>> experiments = new HashMap<>();

    @Override
    public synchronized void create(ExperimentRecord e) {
        Map<String, ExperimentRecord> shop = experiments.computeIfAbsent(e.shop(), s -> new HashMap<>());
        if (shop.putIfAbsent(e.id(), e) != null) {
            throw new IllegalStateException("experiment '" + e.id() + "' already exists in shop " + e.shop());
        }
    }

    @Override
    public synchronized Optional<ExperimentRecord> get(ShopId shop, String id) {
        return Optional.ofNullable(experiments.getOrDefault(shop, Map.of()).get(id));
    }

    @Override
    public synchronized List<ExperimentRecord> list(ShopId shop) {
        List<ExperimentRecord> out = new ArrayList<>(experiments.getOrDefault(shop, Map.of()).values());
        out.sort(Comparator.comparing(ExperimentRecord::createdAt).thenComparing(ExperimentRecord::id));
        return out;
    }

    @Override
    public synchronized boolean update(ExperimentRecord e) {
        Map<String, ExperimentRecord> shop = experiments.get(e.shop());
        ExperimentRecord old = shop == null ? null : shop.get(e.id());
        if (old == null) {
            return false;
        }
        shop.put(e.id(), old.withStatus(e.status(), e.startedAt(), e.stoppedAt()));
        return true;
    }
}
