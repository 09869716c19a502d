package org.shoptide.testing.fake;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.shop.ShopId;

/** Thread-safe in-memory {@link CustomerTokenKeyStore} for tests. */
public final class InMemoryCustomerTokenKeyStore implements CustomerTokenKeyStore {
    private final Map<ShopId, CustomerTokenSettings> settings = new ConcurrentHashMap<>();

    @Override
    public Optional<CustomerTokenSettings> get(ShopId shop) {
        return Optional.ofNullable(settings.get(Objects.requireNonNull(shop, "shop")));
    }

    @Override
    public CustomerTokenSettings put(ShopId shop, CustomerTokenSettings s) {
        Objects.requireNonNull(s, "settings");
        return settings.compute(Objects.requireNonNull(shop, "shop"),
                (k, old) -> s.withVersion(old == null ? 1 : old.version() + 1));
    }

    @Override
    public boolean delete(ShopId shop) {
        return settings.remove(Objects.requireNonNull(shop, "shop")) != null;
    }
}
