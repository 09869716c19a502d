package org.shoptide.core.port;

import java.util.List;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;

/**
 * Known users, their traits and the anonymous ids merged into them. Contract: {@code
 * UserStoreContract} in shoptide-testing.
 */
public interface UserStore {

    /** Inserts or replaces the user's traits (createdAt is kept on replace). */
    void upsert(ShopId shop, User user);

    Optional<User> get(ShopId shop, String userId);

    /** Records that {@code anonymousId} is the same person as {@code userId}. Idempotent. */
    void alias(ShopId shop, String anonymousId, String userId);

    /**
     * Removes the alias of {@code anonymousId} when it names {@code userId} (an undone identity merge); false, changing
     * nothing, when the anonymous id is not merged into that user.
     */
    boolean unalias(ShopId shop, String anonymousId, String userId);

    /** The user an anonymous id was merged into, if any. */
    Optional<String> resolveAlias(ShopId shop, String anonymousId);

    /** Anonymous ids merged into this user. */
    List<String> aliasesOf(ShopId shop, String userId);

    /** Deletes the user row and its aliases; false if nothing existed. */
    boolean delete(ShopId shop, String userId);
}
