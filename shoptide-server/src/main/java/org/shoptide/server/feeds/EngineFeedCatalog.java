package org.shoptide.server.feeds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.feeds.FeedCatalog;
import org.shoptide.feeds.FieldViolation;

/**
 * A shop's catalog for feed runs, on the engine: validation is {@link Engine#validateItems} and writes are
 * {@link Engine#upsertItems} (one transaction per batch of up to {@value #BATCH} items) and {@link Engine#deleteItem},
 * exactly the path of the item API, so the serving index and every rule see feed items like any other.
 */
public final class EngineFeedCatalog implements FeedCatalog {
    static final int BATCH = 10_000;
    private static final int PAGE = 1000;
    private final Engine engine;

    public EngineFeedCatalog(Engine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public List<FieldViolation> validate(ShopId shop, List<Item> items) {
        try {
            engine.validateItems(shop, items);
            return List.of();
        } catch (ValidationException e) {
            List<FieldViolation> out = new ArrayList<>();
            for (Violation v : e.violations()) {
                out.add(new FieldViolation(v.index(), v.field(), v.message()));
            }
            return out;
        }
    }

    @Override
    public Map<String, Item> items(ShopId shop) {
        Map<String, Item> out = new HashMap<>();
        String cursor = null;
        do {
            Page<Item> page = engine.items(shop, cursor, PAGE);
            page.items().forEach(i -> out.put(i.id(), i));
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    @Override
    public void apply(ShopId shop, String source, List<Item> upserts, List<String> deletes) {
        for (int from = 0; from < upserts.size(); from += BATCH) {
            engine.upsertItems(shop, upserts.subList(from, Math.min(upserts.size(), from + BATCH)), source);
        }
        deletes.forEach(id -> engine.deleteItem(shop, id));
    }
}
