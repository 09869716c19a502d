package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow.LifeEvent;
import org.shoptide.core.shop.ShopId;

/**
 * A node's cache of one shop's customer-360 profiles and life-event mapping (ADR 0032), read from the
 * {@link ProfileStore} once per user and {@link #ttlMillis} (also the answer "no profile"), so that serving does not
 * read the store per request. {@link #invalidate} (after a profile rebuild on this node) drops everything; a rebuild on
 * another node shows within the TTL. A store failure serves no profile (logged) rather than failing the request.
 */
final class ShopProfiles {
    private static final System.Logger LOG = System.getLogger(ShopProfiles.class.getName());

    /**
     * The mapping a shop that never set one gets: the categories of a typical home-and-garden catalog (a shop whose
     * catalog names them differently sets its own through the profile settings).
     */
    static final Map<String, List<String>> DEFAULT_LIFE_EVENT_CATEGORIES = Map.of(LifeEvent.MOVED_HOUSE,
            List.of("Home Renovation", "DIY", "Furniture"), LifeEvent.RENOVATING,
            List.of("Home Renovation", "DIY", "Tools"));
    /** Users cached per shop before the cache starts over (bounds memory; a miss costs one store read). */
    static final int MAX_CACHED = 100_000;

    private record Cached(CustomerProfile profile, long atMillis) {
    }

    private record Mapping(Map<String, List<String>> categories, long atMillis) {
    }

    private final ShopId shop;
    private final ProfileStore store;
    private final Clock clock;
    private final long ttlMillis;
    private final Map<String, Cached> byUser = new ConcurrentHashMap<>();
    private volatile Mapping mapping;

    ShopProfiles(ShopId shop, ProfileStore store, Clock clock, long ttlMillis) {
        this.shop = shop;
        this.store = store;
        this.clock = clock;
        this.ttlMillis = ttlMillis;
    }

    /** The user's profile, from the cache when it is younger than the TTL. */
    Optional<CustomerProfile> profile(String userId) {
        long now = clock.millis();
        Cached c = byUser.get(userId);
        if (c == null || now - c.atMillis() > ttlMillis) {
            CustomerProfile p;
            try {
                p = store.get(shop, userId).orElse(null);
            } catch (StoreException e) {
                LOG.log(Level.WARNING, "shop " + shop + ": profile of " + userId + " not readable; served without", e);
                return Optional.empty();
            }
            if (byUser.size() >= MAX_CACHED) {
                byUser.clear();
            }
            c = new Cached(p, now);
            byUser.put(userId, c);
        }
        return Optional.ofNullable(c.profile());
    }

    /** The shop's life-event → categories mapping, {@link #DEFAULT_LIFE_EVENT_CATEGORIES} when it set none. */
    Map<String, List<String>> lifeEventCategories() {
        long now = clock.millis();
        Mapping m = mapping;
        if (m == null || now - m.atMillis() > ttlMillis) {
            Map<String, List<String>> stored;
            try {
                stored = store.lifeEventCategories(shop);
            } catch (StoreException e) {
                LOG.log(Level.WARNING, "shop " + shop + ": life-event mapping not readable; using the default", e);
                stored = Map.of();
            }
            m = new Mapping(stored.isEmpty() ? DEFAULT_LIFE_EVENT_CATEGORIES : stored, now);
            mapping = m;
        }
        return m.categories();
    }

    /** Forgets everything cached: the next use reads the store. */
    void invalidate() {
        byUser.clear();
        mapping = null;
    }

    /** Forgets one user (erasure, identity change). */
    void forget(String userId) {
        byUser.remove(userId);
    }
}
