package org.shoptide.core.port;

import java.util.List;
import java.util.Optional;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;

/** Shops and their hashed keys. Contract: {@code ShopStoreContract} in shoptide-testing. */
public interface ShopStore {

    /** Stores a new shop; throws {@link IllegalStateException} if the id is taken. */
    void create(Shop shop);

    Optional<Shop> find(ShopId id);

    /** All shops ordered by id. */
    List<Shop> list();

    /** Finds the shop and key kind whose stored hash equals {@code keyHash}. */
    Optional<KeyMatch> findByKeyHash(String keyHash);

    /** Replaces one key hash; returns false if the shop does not exist. */
    boolean replaceKeyHash(ShopId id, ApiKeyKind kind, String newKeyHash);

    /**
     * Replaces the shop's settings (name, custom event weights, training time, attribution window, exploration rate).
     */
    boolean update(Shop shop);

    /** A shop and the kind of key that matched. */
    record KeyMatch(Shop shop, ApiKeyKind kind) {
    }
}
