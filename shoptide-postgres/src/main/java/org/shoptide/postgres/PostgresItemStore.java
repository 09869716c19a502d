package org.shoptide.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.ItemStore;
import org.shoptide.core.port.Page;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.JsonColumns;
import org.shoptide.core.store.Micros;

/**
 * {@link ItemStore} on the {@code items} table of a {@link PostgresDatabase}. Ids are {@code COLLATE "C"}: ordered by
 * code point, as in the SQLite adapter. {@code updatedAt} is set from the clock on every upsert. Thread-safe.
 */
public final class PostgresItemStore implements ItemStore {

    /** Rows per executed JDBC batch in {@link #upsert}, and per page read by {@link #forEach}. */
    static final int CHUNK = 1_000;

    private static final String COLUMNS = "item_id, title, description, price, currency, brand, category_path,"
            + " attributes, tags, in_stock, image_url, updated_at";
    private static final String UPSERT = "INSERT INTO items (shop_id, " + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?)"
            + " ON CONFLICT (shop_id, item_id) DO UPDATE SET title = excluded.title,"
            + " description = excluded.description, price = excluded.price, currency = excluded.currency,"
            + " brand = excluded.brand, category_path = excluded.category_path, attributes = excluded.attributes,"
            + " tags = excluded.tags, in_stock = excluded.in_stock, image_url = excluded.image_url,"
            + " updated_at = excluded.updated_at";

    private final PostgresDatabase db;
    private final Clock clock;

    /**
     * @param clock
     *            source of {@code updatedAt}
     */
    public PostgresItemStore(PostgresDatabase db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@inheritDoc}
     * <p>
     * One transaction with batched prepared statements. A null element throws {@link NullPointerException} before
     * anything is written; a later id in the collection replaces an earlier one with the same id. Rows are written in
     * id order, so two nodes upserting overlapping batches lock rows in the same order and never deadlock.
     */
    @Override
    public void upsert(ShopId shop, Collection<Item> items) {
        Objects.requireNonNull(shop, "shop");
        List<Item> list = List.copyOf(items); // rejects null elements up front
        if (list.isEmpty()) {
            return;
        }
        TreeMap<String, Item> byId = new TreeMap<>(); // String order is UTF-16 order; only the lock order matters here
        for (Item item : list) {
            byId.put(item.id(), item);
        }
        long now = Micros.toMicros(clock.instant());
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(UPSERT)) {
                int pending = 0;
                for (Item item : byId.values()) {
                    bind(p, shop, item, now);
                    p.addBatch();
                    if (++pending == CHUNK) {
                        p.executeBatch();
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    p.executeBatch();
                }
            }
            return null;
        });
    }

    private static void bind(PreparedStatement p, ShopId shop, Item item, long updatedAtMicros) throws SQLException {
        p.setString(1, shop.value());
        p.setString(2, item.id());
        Sql.setNullableString(p, 3, item.title());
        Sql.setNullableString(p, 4, item.description());
        Sql.setNullableDouble(p, 5, item.price());
        Sql.setNullableString(p, 6, item.currency());
        Sql.setNullableString(p, 7, item.brand());
        p.setString(8, JsonColumns.encodeList(item.categoryPath()));
        p.setString(9, JsonColumns.encodeMap(item.attributes()));
        p.setString(10, JsonColumns.encodeList(item.tags()));
        p.setBoolean(11, item.inStock());
        Sql.setNullableString(p, 12, item.imageUrl());
        p.setLong(13, updatedAtMicros);
    }

    @Override
    public Optional<Item> get(ShopId shop, String itemId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(itemId, "itemId");
        return db.read(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("SELECT " + COLUMNS + " FROM items WHERE shop_id = ? AND item_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, itemId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Item> empty();
                }
            }
        });
    }

    /** {@inheritDoc} One query with the ids bound as one {@code text[]} parameter. */
    @Override
    public List<Item> getAll(ShopId shop, Collection<String> itemIds) {
        Objects.requireNonNull(shop, "shop");
        List<String> ids = List.copyOf(new LinkedHashSet<>(itemIds));
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.read(c -> {
            Array array = c.createArrayOf("text", ids.toArray());
            try (PreparedStatement p = c
                    .prepareStatement("SELECT " + COLUMNS + " FROM items WHERE shop_id = ? AND item_id = ANY (?)")) {
                p.setString(1, shop.value());
                p.setArray(2, array);
                List<Item> out = new ArrayList<>(ids.size());
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(read(rs));
                    }
                }
                return out;
            } finally {
                array.free();
            }
        });
    }

    @Override
    public Page<Item> list(ShopId shop, String cursor, int limit) {
        Objects.requireNonNull(shop, "shop");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return db.read(c -> page(c, shop, cursor, limit));
    }

    private static Page<Item> page(Connection c, ShopId shop, String cursor, int limit) throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM items WHERE shop_id = ?" + (cursor == null ? "" : " AND item_id > ?")
                + " ORDER BY item_id LIMIT ?";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            int i = 1;
            p.setString(i++, shop.value());
            if (cursor != null) {
                p.setString(i++, cursor);
            }
            p.setLong(i, (long) limit + 1);
            List<Item> items = new ArrayList<>(Math.min(limit, CHUNK));
            boolean more = false;
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    if (items.size() == limit) {
                        more = true;
                        break;
                    }
                    items.add(read(rs));
                }
            }
            return new Page<>(items, more ? items.get(items.size() - 1).id() : null);
        }
    }

    @Override
    public boolean delete(ShopId shop, String itemId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(itemId, "itemId");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM items WHERE shop_id = ? AND item_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, itemId);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public long count(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM items WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * {@inheritDoc}
     * <p>
     * Reads pages of {@value #CHUNK} items, so memory stays bounded and no connection is held while {@code consumer}
     * runs (it may call this store). Items upserted or deleted meanwhile may or may not be seen, but every item present
     * throughout is visited exactly once, in id order.
     */
    @Override
    public void forEach(ShopId shop, Consumer<Item> consumer) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(consumer, "consumer");
        String cursor = null;
        do {
            String after = cursor;
            Page<Item> page = db.read(c -> page(c, shop, after, CHUNK));
            page.items().forEach(consumer);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    private static Item read(ResultSet rs) throws SQLException {
        String id = rs.getString("item_id");
        try {
            return new Item(id, rs.getString("title"), rs.getString("description"), Sql.getNullableDouble(rs, "price"),
                    rs.getString("currency"), rs.getString("brand"),
                    JsonColumns.decodeList(rs.getString("category_path")),
                    JsonColumns.decodeMap(rs.getString("attributes")), JsonColumns.decodeList(rs.getString("tags")),
                    rs.getBoolean("in_stock"), rs.getString("image_url"), Micros.fromMicros(rs.getLong("updated_at")));
        } catch (IllegalArgumentException e) {
            throw new StoreException("corrupt row for item '" + id + "': " + e.getMessage(), e);
        }
    }
}
