package org.shoptide.engine;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.engine.api.ApiPrincipal;

/**
 * Resolves API keys to principals. Valid keys are cached by hash so that authentication, done on every request, does
 * not hit the shop store. A rotation on this node evicts the old hash at once; the TTL bounds how long a key rotated by
 * another node sharing the store stays valid here.
 */
final class Authenticator {
    private static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int MAX_CACHED = 100_000;
    private static final int MAX_KEY_LENGTH = 512;

    private record Cached(ApiPrincipal principal, long loadedAtNanos) {
    }

    private final ShopStore shops;
    private final ConcurrentHashMap<String, Cached> byHash = new ConcurrentHashMap<>();

    Authenticator(ShopStore shops) {
        this.shops = shops;
    }

    Optional<ApiPrincipal> authenticate(String apiKey) {
        if (apiKey == null || apiKey.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        ApiKeyKind kind = ApiKeys.kindOf(apiKey);
        if (kind == null) {
            return Optional.empty();
        }
        String hash = ApiKeys.hash(apiKey);
        long now = System.nanoTime();
        Cached cached = byHash.get(hash);
        if (cached != null && now - cached.loadedAtNanos() < TTL_NANOS) {
            return Optional.of(cached.principal());
        }
        Optional<ApiPrincipal> found = shops.findByKeyHash(hash).filter(m -> m.kind() == kind)
                .map(m -> new ApiPrincipal(m.shop().id(), m.kind()));
        if (found.isPresent()) {
            if (byHash.size() >= MAX_CACHED) {
                byHash.clear();
            }
            byHash.put(hash, new Cached(found.get(), now));
        } else {
            byHash.remove(hash);
        }
        return found;
    }

    /** Forgets a key hash the store no longer knows (call it after the store change). */
    void evict(String keyHash) {
        byHash.remove(keyHash);
    }
}
