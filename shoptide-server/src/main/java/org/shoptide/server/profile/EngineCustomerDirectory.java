package org.shoptide.server.profile;

import java.util.Map;
import java.util.Optional;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.Engine;
import org.shoptide.profile.CustomerDirectory;

/** The profile module's {@link CustomerDirectory} on the engine (merges, traits, cache) and the user store (reads). */
public final class EngineCustomerDirectory implements CustomerDirectory {
    private final Engine engine;
    private final UserStore users;

    public EngineCustomerDirectory(Engine engine, UserStore users) {
        this.engine = engine;
        this.users = users;
    }

    @Override
    public Optional<String> aliasOf(ShopId shop, String anonymousId) {
        return users.resolveAlias(shop, anonymousId);
    }

    @Override
    public void alias(ShopId shop, String anonymousId, String userId) {
        engine.alias(shop, anonymousId, userId);
    }

    @Override
    public boolean unalias(ShopId shop, String anonymousId, String userId) {
        return engine.unalias(shop, anonymousId, userId);
    }

    @Override
    public Map<String, String> traits(ShopId shop, String userId) {
        return engine.user(shop, userId).map(User::traits).orElse(Map.of());
    }

    @Override
    public void replaceTraits(ShopId shop, String userId, Map<String, String> traits) {
        engine.upsertUser(shop, new User(userId, traits, null, null));
    }

    @Override
    public void profilesChanged(ShopId shop) {
        engine.profilesChanged(shop);
    }
}
