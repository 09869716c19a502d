package org.shoptide.server.storefront;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.shop.ShopId;

/**
 * The publishable keys the demo storefront may put into its pages, per shop, in memory only. Shoptide stores only key
 * hashes, so a key can be registered only by whoever holds it in plaintext: the {@code demo} command registers the
 * fresh key it just rotated. A shop without a registered key has no storefront.
 */
public final class StorefrontKeys {
    private final ConcurrentHashMap<ShopId, String> keys = new ConcurrentHashMap<>();

    /** Registers (or replaces) the publishable key of {@code shop}. */
    public void register(ShopId shop, String publishableKey) {
        if (publishableKey == null || publishableKey.isBlank()) {
            throw new IllegalArgumentException("a publishable key is required");
        }
        keys.put(shop, publishableKey);
    }

    public void unregister(ShopId shop) {
        keys.remove(shop);
    }

    public Optional<String> publishableKey(ShopId shop) {
        return Optional.ofNullable(keys.get(shop));
    }
}
