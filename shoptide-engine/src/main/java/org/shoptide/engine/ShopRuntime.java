package org.shoptide.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;

/**
 * Everything the engine keeps in memory for one shop. Each part owns its state and its locks; this class only holds
 * them together.
 */
final class ShopRuntime {
    final ShopId id;
    final ShopSettings settings;
    final CatalogIndex catalog = new CatalogIndex();
    final RealtimeState realtime;
    final ServedModel served;
    final IngestSequencer eventIds = new IngestSequencer();
    final AliasCache aliases;
    /** How far the log projection has applied this shop's log. */
    final AppliedOffset applied;
    /** Cached trending/popular rankings per scope, see {@link CounterSource}. */
    final Map<String, CounterSource.Ranking> rankings = new ConcurrentHashMap<>();
    final ShopPolicies policies = new ShopPolicies();
    /** Applies the shop's log to this state (set when the shop is opened, before it serves). */
    volatile ShopProjector projector;
    /** The shop's customer-360 profiles, or null when the engine serves none ({@code DefaultEngine.withProfiles}). */
    volatile ShopProfiles profiles;
    /** Impression sets, attribution and per-user shown counts. */
    final BusinessCounters business = new BusinessCounters();
    /** Who viewed, carted or was shown each item (price-drop recipients). */
    final InterestIndex interest = new InterestIndex();
    /** The latest price drop of each item (the rules' {@code price_drop_pct}). */
    final PriceDropBoard priceDrops = new PriceDropBoard();
    final Exposures exposures = new Exposures(itemId -> {
        CatalogIndex.Entry e = catalog.get(itemId);
        return e == null ? itemId : e.item().id();
    });

    ShopRuntime(Shop shop, ShopSettings settings, RealtimeState.Factory realtime, RealtimeState.Limits limits,
            UserStore users, ServedModel.Served initial) {
        this.id = shop.id();
        this.settings = settings;
        this.realtime = realtime.open(shop.id(), limits, catalog::categoryPath);
        this.served = new ServedModel(initial);
        this.aliases = new AliasCache(anonymousId -> users.resolveAlias(shop.id(), anonymousId));
        this.applied = new AppliedOffset(shop.id());
    }
}
