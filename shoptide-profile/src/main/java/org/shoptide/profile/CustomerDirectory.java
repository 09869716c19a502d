package org.shoptide.profile;

import java.util.Map;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;

/**
 * What the identity graph and the profile builder need from the engine's customer bookkeeping; the server adapts its
 * engine and user store to it, so this module depends on core only.
 */
public interface CustomerDirectory {

    /** The user {@code anonymousId} is merged into, if any. */
    Optional<String> aliasOf(ShopId shop, String anonymousId);

    /** Merges the visitor into the user (the engine's alias: realtime state follows). */
    void alias(ShopId shop, String anonymousId, String userId);

    /** Undoes such a merge (the engine's unalias); false when the visitor was not merged into that user. */
    boolean unalias(ShopId shop, String anonymousId, String userId);

    /** The user's traits; empty for an unknown user. */
    Map<String, String> traits(ShopId shop, String userId);

    /** Replaces the user's traits (creating the user). */
    void replaceTraits(ShopId shop, String userId, Map<String, String> traits);

    /** The shop's profiles changed: serving should read them again. */
    void profilesChanged(ShopId shop);
}
