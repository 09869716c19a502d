package org.shoptide.testing.fake;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.shop.ShopId;

/** Thread-safe in-memory {@link IdempotencyStore} for tests. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
    private record Row(String fingerprint, Instant claimedAt, Integer status, String body) {
    }

    private final Map<String, Row> rows = new HashMap<>();

    private static String key(ShopId shop, String key) {
        return shop.value() + "\u0000" + key;
    }

    @Override
    public synchronized Claim claim(ShopId shop, String key, String fingerprint, Instant now, Duration staleAfter) {
        String k = key(shop, key);
        Row row = rows.get(k);
        if (row != null && !row.fingerprint().equals(fingerprint)) {
            return new Claim.Mismatch();
        }
        if (row != null && row.status() != null) {
            return new Claim.Replay(row.status(), row.body());
        }
        if (row != null && row.claimedAt().plus(staleAfter).isAfter(now)) {
            return new Claim.InProgress();
        }
        rows.put(k, new Row(fingerprint, now, null, null));
        return new Claim.Acquired();
    }

    @Override
    public synchronized void complete(ShopId shop, String key, int status, String body, Instant now) {
        Row row = rows.get(key(shop, key));
        if (row == null) {
            throw new IllegalStateException("no claim of idempotency key " + key);
        }
        rows.put(key(shop, key), new Row(row.fingerprint(), row.claimedAt(), status, body));
    }

    @Override
    public synchronized int releaseAbandoned(Instant before) {
        int n = rows.size();
        rows.values().removeIf(r -> r.status() == null && r.claimedAt().isBefore(before));
        return n - rows.size();
    }

    @Override
    public synchronized void release(ShopId shop, String key) {
        Row row = rows.get(key(shop, key));
        if (row != null && row.status() == null) {
            rows.remove(key(shop, key));
        }
    }
}
