package org.shoptide.testing.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;

/** Thread-safe in-memory {@link ShopStore} for tests. Mutations are serialized; reads see a consistent shop. */
public final class InMemoryShopStore implements ShopStore {
    private final Map<ShopId, Shop> shops = new ConcurrentSkipListMap<>();

    @Override
    public synchronized void create(Shop shop) {
        if (shops.putIfAbsent(shop.id(), shop) != null) {
            throw new IllegalStateException("shop " + shop.id() + " already exists");
        }
    }

    @Override
    public Optional<Shop> find(ShopId id) {
        return Optional.ofNullable(shops.get(id));
    }

    @Override
    public List<Shop> list() {
        return new ArrayList<>(shops.values());
    }

    @Override
    public Optional<KeyMatch> findByKeyHash(String keyHash) {
        if (keyHash == null) {
            return Optional.empty();
        }
        for (Shop s : shops.values()) {
            for (ApiKeyKind kind : ApiKeyKind.values()) {
                if (keyHash.equals(s.keyHash(kind))) {
                    return Optional.of(new KeyMatch(s, kind));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean replaceKeyHash(ShopId id, ApiKeyKind kind, String newKeyHash) {
        Shop s = shops.get(id);
        if (s == null) {
            return false;
        }
        Shop updated = s.withKeyHashes(kind == ApiKeyKind.PUBLISHABLE ? newKeyHash : s.publishableKeyHash(),
                kind == ApiKeyKind.SECRET ? newKeyHash : s.secretKeyHash());
        shops.put(id, updated);
        return true;
    }

    @Override
    public synchronized boolean update(Shop shop) {
        Shop s = shops.get(shop.id());
        if (s == null) {
            return false;
        }
        shops.put(shop.id(),
                new Shop(s.id(), shop.name(), s.createdAt(), s.publishableKeyHash(), s.secretKeyHash(),
                        shop.customEventWeights(), shop.trainingTime(), shop.attributionWindowMinutes(),
                        shop.explorationRate(), shop.trackingConsentRequired()));
        return true;
    }
}
