package org.shoptide.core.port;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.shop.ShopId;

/**
 * The customer-360 profiles of each shop's users and each shop's life-event → category mapping (ADR 0032). Contract:
 * {@code ProfileStoreContract} in shoptide-testing.
 * <ul>
 * <li>{@link #put} replaces the user's profile and gives it the next version (1 for a new profile); the stored profile
 * reads back equal except for the version.
 * <li>{@link #delete} removes it (erasure); {@link #userIds} lists the shop's profiles in user-id order.
 * <li>The life-event mapping of a shop is replaced whole; a shop that never set one has an empty mapping.
 * <li>Shops are isolated; acknowledged writes are durable.
 * </ul>
 */
public interface ProfileStore {

    /** Stores the profile (its {@code version} is ignored) and returns the version it was stored as. */
    long put(ShopId shop, CustomerProfile profile);

    Optional<CustomerProfile> get(ShopId shop, String userId);

    /** The users with a profile, in user-id order. */
    List<String> userIds(ShopId shop);

    /** Deletes the user's profile; false when there was none. */
    boolean delete(ShopId shop, String userId);

    /** Replaces the shop's mapping of life-event kind → catalog categories (in order of preference). */
    void replaceLifeEventCategories(ShopId shop, Map<String, List<String>> mapping);

    /** The shop's mapping of life-event kind → catalog categories; empty when it never set one. */
    Map<String, List<String>> lifeEventCategories(ShopId shop);
}
