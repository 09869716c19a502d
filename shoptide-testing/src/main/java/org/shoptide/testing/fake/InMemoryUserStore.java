package org.shoptide.testing.fake;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;

/**
 * Thread-safe in-memory {@link UserStore} for tests. All operations are serialized on the store; createdAt is kept on
 * replace, and timestamps the caller leaves null come from the injected clock.
 */
public final class InMemoryUserStore implements UserStore {
    private record Key(ShopId shop, String id) {
    }

    private final Map<Key, User> users = new HashMap<>();
    private final Map<Key, String> aliases = new HashMap<>();
    private final Clock clock;

    public InMemoryUserStore(Clock clock) {
        this.clock = clock;
    }

    public InMemoryUserStore() {
        this(Clock.systemUTC());
    }

    @Override
    public synchronized void upsert(ShopId shop, User user) {
        Key k = new Key(shop, user.id());
        Instant now = clock.instant();
        User old = users.get(k);
        Instant created = old != null ? old.createdAt() : user.createdAt() != null ? user.createdAt() : now;
        users.put(k, new User(user.id(), user.traits(), created, user.updatedAt() != null ? user.updatedAt() : now));
    }

    @Override
    public synchronized Optional<User> get(ShopId shop, String userId) {
        return Optional.ofNullable(users.get(new Key(shop, userId)));
    }

    @Override
    public synchronized void alias(ShopId shop, String anonymousId, String userId) {
        aliases.put(new Key(shop, anonymousId), userId);
    }

    @Override
    public synchronized boolean unalias(ShopId shop, String anonymousId, String userId) {
        return aliases.remove(new Key(shop, anonymousId), userId);
    }

    @Override
    public synchronized Optional<String> resolveAlias(ShopId shop, String anonymousId) {
        return Optional.ofNullable(aliases.get(new Key(shop, anonymousId)));
    }

    @Override
    public synchronized List<String> aliasesOf(ShopId shop, String userId) {
        List<String> out = new ArrayList<>();
        aliases.forEach((k, v) -> {
            if (k.shop().equals(shop) && v.equals(userId)) {
                out.add(k.id());
            }
        });
        out.sort(null);
        return out;
    }

    @Override
    public synchronized boolean delete(ShopId shop, String userId) {
        boolean existed = users.remove(new Key(shop, userId)) != null;
        existed |= aliases.entrySet().removeIf(e -> e.getKey().shop().equals(shop) && e.getValue().equals(userId));
        return existed;
    }
}
