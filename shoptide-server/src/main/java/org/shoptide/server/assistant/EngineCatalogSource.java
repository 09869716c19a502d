package org.shoptide.server.assistant;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.shoptide.assistant.port.CatalogSource;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;

/**
 * The assistant's catalog, read from the engine. The engine has no catalog change feed yet, so the version advances
 * once per {@code refresh} interval: the assistant then re-reads the catalog and re-indexes only the items whose
 * {@code updatedAt} changed. A catalog change is therefore visible to the assistant within one interval.
 */
public final class EngineCatalogSource implements CatalogSource {
    private final Engine engine;
    private final Clock clock;
    private final long refreshMillis;

    public EngineCatalogSource(Engine engine, Clock clock, Duration refresh) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.refreshMillis = Math.max(1, refresh.toMillis());
    }

    @Override
    public Page<Item> items(ShopId shop, String cursor, int limit) {
        return engine.items(shop, cursor, limit);
    }

    @Override
    public long version(ShopId shop) {
        return clock.millis() / refreshMillis;
    }
}
