package org.shoptide.engine;

import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.NotFoundException;

/**
 * A node's copy of one shop's settings, so that ingest and recommend do not read the shop store per request: changes
 * made on this node replace the copy at once; a change by another node sharing the store shows within
 * {@link #TTL_MILLIS}.
 */
final class ShopSettings {
    /** How long {@link #current()} trusts the copy before re-reading it. */
    static final long TTL_MILLIS = 5_000;

    private final ShopId id;
    private final ShopStore store;
    private final Clock clock;
    private volatile Shop shop;
    /** When {@link #shop} was last read from the store (clock millis); 0 forces a read on first use. */
    private volatile long readAtMillis;

    ShopSettings(Shop shop, ShopStore store, Clock clock) {
        this.id = shop.id();
        this.shop = shop;
        this.store = store;
        this.clock = clock;
    }

    /** The copy as it is, without a store read (log projection, scheduling). */
    Shop cached() {
        return shop;
    }

    /** The settings, re-read from the store once the copy is older than the TTL. */
    Shop current() {
        long now = clock.millis();
        if (now - readAtMillis > TTL_MILLIS) {
            store.find(id).ifPresent(s -> shop = s);
            readAtMillis = now;
        }
        return shop;
    }

    /** Re-reads the settings now (keeps the copy when the shop is gone) and returns them. */
    Shop reload() {
        store.find(id).ifPresent(s -> shop = s);
        return shop;
    }

    /**
     * Stores the settings {@code change} makes of the stored ones and serves them; one change of the shop at a time,
     * each followed (under the same lock) by {@code changed} with the old and the new settings.
     */
    synchronized Shop update(UnaryOperator<Shop> change, BiConsumer<Shop, Shop> changed) {
        Shop old = store.find(id).orElseThrow(() -> new NotFoundException("shop " + id + " not found"));
        Shop updated = change.apply(old);
        if (!store.update(updated)) {
            throw new NotFoundException("shop " + id + " not found");
        }
        shop = updated;
        readAtMillis = clock.millis();
        changed.accept(old, updated);
        return updated;
    }
}
