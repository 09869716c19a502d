package org.shoptide.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.EngineConfig;
import org.shoptide.testing.fake.InMemoryEventLog;
import org.shoptide.testing.fake.InMemoryExperimentStore;
import org.shoptide.testing.fake.InMemoryItemStore;
import org.shoptide.testing.fake.InMemoryModelStore;
import org.shoptide.testing.fake.InMemoryRuleStore;
import org.shoptide.testing.fake.InMemoryShopStore;
import org.shoptide.testing.fake.InMemoryUserStore;

/**
 * The real engine ({@link DefaultEngine}) on the in-memory adapters of {@code shoptide-testing}, for tests of the HTTP
 * layer, the importer and the CLI; exposes the stores so that a test can read what was stored.
 */
public final class InMemoryEngine implements AutoCloseable {
    public final InMemoryShopStore shops = new InMemoryShopStore();
    public final InMemoryItemStore items;
    public final RecordingUserStore users;
    public final InMemoryRuleStore rules = new InMemoryRuleStore();
    public final InMemoryExperimentStore experiments = new InMemoryExperimentStore();
    public final InMemoryEventLog log = new InMemoryEventLog();
    public final InMemoryModelStore models;
    public final DefaultEngine engine;
    private final Clock clock;

    public InMemoryEngine(Clock clock) {
        items = new InMemoryItemStore(clock);
        users = new RecordingUserStore(new InMemoryUserStore(clock));
        models = new InMemoryModelStore(clock);
        this.clock = clock;
        engine = newEngine();
    }

    /**
     * Another engine over the same stores, started (what a CLI run's engine factory returns: the run closes it, the
     * stores stay).
     */
    public DefaultEngine newEngine() {
        DefaultEngine e = new DefaultEngine(EngineConfig.defaults(), shops, items, users, rules, experiments, log,
                models, clock, new Random(7)).withRealtime(InMemoryRealtimeState.FACTORY);
        e.start();
        return e;
    }

    public InMemoryEngine() {
        this(Clock.systemUTC());
    }

    /** The shop's stored events in log order. */
    public List<Event> events(ShopId shop) {
        List<Event> out = new ArrayList<>();
        log.replay(shop, 0, le -> out.add(le.event()));
        return out;
    }

    /**
     * Everything stored, comparable with {@code equals}: shops, items, the users and aliases ever written, rule set
     * versions, experiments and each shop's log size.
     */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        for (Shop s : shops.list()) {
            ShopId id = s.id();
            List<Item> catalog = new ArrayList<>();
            items.forEach(id, catalog::add);
            Map<String, Object> userState = new TreeMap<>();
            for (String u : users.written(id)) {
                userState.put(u,
                        users.get(id, u).map(User::traits).orElse(null) + " aliases " + users.aliasesOf(id, u));
            }
            out.put(id.value(), List.of(s, catalog, userState, rules.latest(id).map(r -> r.version()).orElse(0),
                    experiments.list(id), events(id).size()));
        }
        return out;
    }

    @Override
    public void close() {
        engine.close();
    }

    /** A user store that remembers which user ids were written, so that a snapshot can read them back. */
    public static final class RecordingUserStore implements UserStore {
        private final UserStore delegate;
        private final Map<ShopId, Set<String>> written = new ConcurrentHashMap<>();

        RecordingUserStore(UserStore delegate) {
            this.delegate = delegate;
        }

        Set<String> written(ShopId shop) {
            return new TreeSet<>(written.getOrDefault(shop, Set.of()));
        }

        private void record(ShopId shop, String id) {
            written.computeIfAbsent(shop, s -> ConcurrentHashMap.newKeySet()).add(id);
        }

        @Override
        public void upsert(ShopId shop, User user) {
            record(shop, user.id());
            delegate.upsert(shop, user);
        }

        @Override
        public Optional<User> get(ShopId shop, String userId) {
            return delegate.get(shop, userId);
        }

        @Override
        public void alias(ShopId shop, String anonymousId, String userId) {
            record(shop, userId);
            delegate.alias(shop, anonymousId, userId);
        }

        @Override
        public boolean unalias(ShopId shop, String anonymousId, String userId) {
            return delegate.unalias(shop, anonymousId, userId);
        }

        @Override
        public Optional<String> resolveAlias(ShopId shop, String anonymousId) {
            return delegate.resolveAlias(shop, anonymousId);
        }

        @Override
        public List<String> aliasesOf(ShopId shop, String userId) {
            return delegate.aliasesOf(shop, userId);
        }

        @Override
        public boolean delete(ShopId shop, String userId) {
            return delegate.delete(shop, userId);
        }
    }
}
