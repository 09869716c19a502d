package org.shoptide.community;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;

/**
 * What the community needs from the rest of Shoptide, implemented by the server over the engine (the module does not
 * depend on the engine).
 */
public interface CommunityHost {

    /** Every catalog item of the shop. */
    List<Item> catalog(ShopId shop);

    /**
     * Records that the user showed interest in these items by writing about them: custom events of the built-in type
     * {@code community_interest} through the engine's normal ingest path (logged, replayable, erased with the user).
     */
    void interest(ShopId shop, String userId, List<String> itemIds, Instant at);

    /** The user's traits; empty when the user is unknown. */
    Map<String, String> traits(ShopId shop, String userId);

    /**
     * Sets the traits in {@code set} and removes those named in {@code remove}, keeping every other trait (creates the
     * user when unknown and {@code set} is not empty).
     */
    void updateTraits(ShopId shop, String userId, Map<String, String> set, Set<String> remove);

    /** The user's events, newest first, at most {@code limit}. */
    List<Event> timeline(ShopId shop, String userId, int limit);

    /** Every event of the shop in log order (segmentation's input). */
    void replay(ShopId shop, Consumer<Event> consumer);
}
