package org.shoptide.testing.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.shop.ShopId;

/** Thread-safe in-memory {@link RuleStore} for tests. */
public final class InMemoryRuleStore implements RuleStore {
    private final Map<ShopId, List<RuleSetRecord>> versions = new HashMap<>();

    @Override
    public synchronized RuleSetRecord append(ShopId shop, String definition, Instant createdAt) {
        List<RuleSetRecord> list = versions.computeIfAbsent(shop, s -> new ArrayList<>());
        RuleSetRecord r = new RuleSetRecord(shop, list.size() + 1, createdAt, definition);
        list.add(r);
        return r;
    }

    @Override
    public synchronized Optional<RuleSetRecord> latest(ShopId shop) {
        List<RuleSetRecord> list = versions.get(shop);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    @Override
    public synchronized Optional<RuleSetRecord> get(ShopId shop, int version) {
        List<RuleSetRecord> list = versions.get(shop);
        return list == null || version < 1 || version > list.size() ? Optional.empty()
                : Optional.of(list.get(version - 1));
    }
}
