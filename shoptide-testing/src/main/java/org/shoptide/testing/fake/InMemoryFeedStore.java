package org.shoptide.testing.fake;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.port.FeedStore;
import org.shoptide.core.shop.ShopId;

/** Thread-safe in-memory {@link FeedStore} for tests. */
public final class InMemoryFeedStore implements FeedStore {
    private record Key(ShopId shop, String id) {
    }

    private final Map<Key, FeedRecord> feeds = new HashMap<>();
    private final Map<Key, FeedRun> runs = new HashMap<>();
    private final Map<Key, Instant> leases = new HashMap<>();

    @Override
    public synchronized void create(FeedRecord feed) {
        if (feeds.putIfAbsent(new Key(feed.shop(), feed.id()), feed) != null) {
            throw new IllegalStateException("feed '" + feed.id() + "' already exists in shop " + feed.shop());
        }
    }

    @Override
    public synchronized Optional<FeedRecord> get(ShopId shop, String id) {
        return Optional.ofNullable(feeds.get(new Key(shop, id)));
    }

    @Override
    public synchronized List<FeedRecord> list(ShopId shop) {
        return feeds.values().stream().filter(f -> f.shop().equals(shop)).sorted(Comparator.comparing(FeedRecord::id))
                .toList();
    }

    @Override
    public synchronized List<FeedRecord> enabled() {
        List<FeedRecord> out = new ArrayList<>(feeds.values().stream().filter(FeedRecord::enabled).toList());
        out.sort(Comparator.comparing((FeedRecord f) -> f.shop().value()).thenComparing(FeedRecord::id));
        return out;
    }

    @Override
    public synchronized boolean update(FeedRecord feed) {
        Key k = new Key(feed.shop(), feed.id());
        FeedRecord old = feeds.get(k);
        if (old == null) {
            return false;
        }
        feeds.put(k, new FeedRecord(feed.shop(), feed.id(), feed.kind(), feed.url(), feed.interval(), feed.enabled(),
                feed.options(), old.createdAt(), feed.updatedAt()));
        return true;
    }

    @Override
    public synchronized boolean delete(ShopId shop, String id) {
        Key k = new Key(shop, id);
        runs.remove(k);
        leases.remove(k);
        return feeds.remove(k) != null;
    }

    @Override
    public synchronized boolean tryLease(ShopId shop, String id, Instant now, Instant until) {
        Key k = new Key(shop, id);
        if (!feeds.containsKey(k)) {
            return false;
        }
        Instant held = leases.get(k);
        if (held != null && held.isAfter(now)) {
            return false;
        }
        leases.put(k, until);
        return true;
    }

    @Override
    public synchronized void recordRun(ShopId shop, String id, FeedRun run) {
        Key k = new Key(shop, id);
        runs.put(k, run);
        leases.remove(k);
    }

    @Override
    public synchronized Optional<FeedRun> lastRun(ShopId shop, String id) {
        return Optional.ofNullable(runs.get(new Key(shop, id)));
    }
}
