package org.shoptide.embedded.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.PriceHistoryStore;
import org.shoptide.core.price.PricePoint;
import org.shoptide.core.price.PriceSeries;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link PriceHistoryStore} on the {@code price_points} table (V9): one row per point, keyed by (shop, item, source,
 * since). A record reads the series' latest row and either moves its {@code confirmed_at} or inserts a new row, in one
 * write transaction (SQLite has one writer, so the series cannot change in between). Thread-safe.
 */
public final class SqlitePriceHistoryStore implements PriceHistoryStore {
    private static final String COLUMNS = "item_id, source, currency, amount_minor, since_at, confirmed_at";

    private final SqliteDatabase db;

    public SqlitePriceHistoryStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public List<Recorded> recordAll(ShopId shop, String source, Instant at, List<Observed> prices) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(source, "source");
        List<Observed> batch = List.copyOf(prices);
        long t = Micros.toMicros(at);
        return db.write(c -> {
            List<Recorded> out = new ArrayList<>(batch.size());
            for (Observed o : batch) {
                out.add(record(c, shop, o.itemId(), source, o.currency(), o.amountMinor(), t));
            }
            return out;
        });
    }

    private static Recorded record(Connection c, ShopId shop, String itemId, String source, String currency,
            long amountMinor, long t) throws SQLException {
        PricePoint latest = latest(c, shop, itemId, source);
        if (latest != null && latest.samePrice(currency, amountMinor)) {
            long confirmed = Math.max(Micros.toMicros(latest.confirmedAt()), t);
            try (PreparedStatement p = c.prepareStatement("UPDATE price_points SET confirmed_at = ? WHERE shop_id = ?"
                    + " AND item_id = ? AND source = ? AND since_at = ?")) {
                p.setLong(1, confirmed);
                p.setString(2, shop.value());
                p.setString(3, itemId);
                p.setString(4, source);
                p.setLong(5, Micros.toMicros(latest.since()));
                p.executeUpdate();
            }
            return new Recorded(latest, new PricePoint(itemId, source, currency, amountMinor, latest.since(),
                    Micros.fromMicros(confirmed)));
        }
        long since = t;
        if (latest != null) { // never before what the latest point is known to cover, never on its key
            since = Math.max(t, Micros.toMicros(latest.confirmedAt()));
            if (since == Micros.toMicros(latest.since())) {
                since++;
            }
        }
        try (PreparedStatement p = c
                .prepareStatement("INSERT INTO price_points (shop_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, shop.value());
            p.setString(2, itemId);
            p.setString(3, source);
            p.setString(4, currency);
            p.setLong(5, amountMinor);
            p.setLong(6, since);
            p.setLong(7, since);
            p.executeUpdate();
        }
        Instant s = Micros.fromMicros(since);
        return new Recorded(latest, new PricePoint(itemId, source, currency, amountMinor, s, s));
    }

    @Override
    public Optional<PricePoint> latest(ShopId shop, String itemId, String source) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> Optional.ofNullable(latest(c, shop, itemId, source)));
    }

    private static PricePoint latest(Connection c, ShopId shop, String itemId, String source) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM price_points WHERE shop_id = ?"
                + " AND item_id = ? AND source = ? ORDER BY since_at DESC LIMIT 1")) {
            p.setString(1, shop.value());
            p.setString(2, itemId);
            p.setString(3, source);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? point(rs) : null;
            }
        }
    }

    @Override
    public List<PricePoint> history(ShopId shop, String itemId, String source, Instant from, Instant to) {
        Objects.requireNonNull(shop, "shop");
        List<PricePoint> all = db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM price_points WHERE shop_id = ?"
                    + " AND item_id = ?" + (source == null ? "" : " AND source = ?") + " ORDER BY source, since_at")) {
                p.setString(1, shop.value());
                p.setString(2, itemId);
                if (source != null) {
                    p.setString(3, source);
                }
                List<PricePoint> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(point(rs));
                    }
                }
                return out;
            }
        });
        return PriceSeries.overlapping(all, from, to);
    }

    @Override
    public int deleteBefore(ShopId shop, Instant cutoff) {
        Objects.requireNonNull(shop, "shop");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM price_points WHERE shop_id = ? AND EXISTS"
                    + " (SELECT 1 FROM price_points n WHERE n.shop_id = price_points.shop_id"
                    + " AND n.item_id = price_points.item_id AND n.source = price_points.source"
                    + " AND n.since_at > price_points.since_at AND n.since_at <= ?)")) {
                p.setString(1, shop.value());
                p.setLong(2, Micros.toMicros(cutoff));
                return p.executeUpdate();
            }
        });
    }

    @Override
    public int deleteItem(ShopId shop, String itemId) {
        Objects.requireNonNull(shop, "shop");
        return db.write(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("DELETE FROM price_points WHERE shop_id = ? AND item_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, itemId);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public int deleteShop(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM price_points WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                return p.executeUpdate();
            }
        });
    }

    private static PricePoint point(ResultSet rs) throws SQLException {
        return new PricePoint(rs.getString("item_id"), rs.getString("source"), rs.getString("currency"),
                rs.getLong("amount_minor"), Micros.fromMicros(rs.getLong("since_at")),
                Micros.fromMicros(rs.getLong("confirmed_at")));
    }
}
