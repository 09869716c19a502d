package org.shoptide.embedded.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.FeedStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link FeedStore} on the {@code feeds}, {@code feed_runs} and {@code feed_validators} tables (V8). The lease is one
 * conditional {@code UPDATE}, atomic under SQLite's single writer. Thread-safe.
 */
public final class SqliteFeedStore implements FeedStore {
    private static final String COLUMNS = "feed_id, kind, url, interval_seconds, enabled, options, created_at, updated_at";
    private final SqliteDatabase db;

    public SqliteFeedStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void create(FeedRecord f) {
        Objects.requireNonNull(f, "feed");
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO feeds (shop_id, " + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, feed_id) DO NOTHING")) {
                p.setString(1, f.shop().value());
                p.setString(2, f.id());
                p.setString(3, f.kind());
                p.setString(4, f.url());
                p.setLong(5, f.interval().toSeconds());
                p.setBoolean(6, f.enabled());
                p.setString(7, f.options());
                p.setLong(8, Micros.toMicros(f.createdAt()));
                p.setLong(9, Micros.toMicros(f.updatedAt()));
                if (p.executeUpdate() == 0) {
                    throw new IllegalStateException("feed '" + f.id() + "' already exists in shop " + f.shop());
                }
            }
            return null;
        });
    }

    @Override
    public Optional<FeedRecord> get(ShopId shop, String id) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(id, "id");
        List<FeedRecord> found = db.read(c -> query(c,
                "SELECT shop_id, " + COLUMNS + " FROM feeds WHERE shop_id = ? AND feed_id = ?", shop.value(), id));
        return found.stream().findFirst();
    }

    @Override
    public List<FeedRecord> list(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> query(c, "SELECT shop_id, " + COLUMNS + " FROM feeds WHERE shop_id = ? ORDER BY feed_id",
                shop.value()));
    }

    @Override
    public List<FeedRecord> enabled() {
        return db.read(c -> query(c,
                "SELECT shop_id, " + COLUMNS + " FROM feeds WHERE enabled = ? ORDER BY shop_id, feed_id", true));
    }

    @Override
    public boolean update(FeedRecord f) {
        Objects.requireNonNull(f, "feed");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE feeds SET kind = ?, url = ?, interval_seconds = ?,"
                    + " enabled = ?, options = ?, updated_at = ? WHERE shop_id = ? AND feed_id = ?")) {
                p.setString(1, f.kind());
                p.setString(2, f.url());
                p.setLong(3, f.interval().toSeconds());
                p.setBoolean(4, f.enabled());
                p.setString(5, f.options());
                p.setLong(6, Micros.toMicros(f.updatedAt()));
                p.setString(7, f.shop().value());
                p.setString(8, f.id());
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(ShopId shop, String id) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(id, "id");
        return db.write(c -> {
            for (String table : List.of("feed_validators", "feed_runs")) {
                execute(c, "DELETE FROM " + table + " WHERE shop_id = ? AND feed_id = ?", shop.value(), id);
            }
            return execute(c, "DELETE FROM feeds WHERE shop_id = ? AND feed_id = ?", shop.value(), id) == 1;
        });
    }

    @Override
    public boolean tryLease(ShopId shop, String id, Instant now, Instant until) {
        Objects.requireNonNull(shop, "shop");
        long nowMicros = Micros.toMicros(now);
        long untilMicros = Micros.toMicros(until);
        return db.write(c -> execute(c,
                "UPDATE feeds SET lease_until = ? WHERE shop_id = ? AND feed_id = ?"
                        + " AND (lease_until IS NULL OR lease_until <= ?)",
                untilMicros, shop.value(), id, nowMicros) == 1);
    }

    @Override
    public void recordRun(ShopId shop, String id, FeedRun run) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(run, "run");
        db.write(c -> {
            execute(c, "DELETE FROM feed_runs WHERE shop_id = ? AND feed_id = ?", shop.value(), id);
            execute(c,
                    "INSERT INTO feed_runs (shop_id, feed_id, started_at, finished_at, outcome, report)"
                            + " VALUES (?, ?, ?, ?, ?, ?)",
                    shop.value(), id, Micros.toMicros(run.startedAt()), Micros.toMicros(run.finishedAt()),
                    run.outcome(), run.report());
            execute(c, "DELETE FROM feed_validators WHERE shop_id = ? AND feed_id = ?", shop.value(), id);
            for (Map.Entry<String, Validators> v : run.validators().entrySet()) {
                execute(c,
                        "INSERT INTO feed_validators (shop_id, feed_id, url, etag, last_modified)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        shop.value(), id, v.getKey(), v.getValue().etag(), v.getValue().lastModified());
            }
            execute(c, "UPDATE feeds SET lease_until = NULL WHERE shop_id = ? AND feed_id = ?", shop.value(), id);
            return null;
        });
    }

    @Override
    public Optional<FeedRun> lastRun(ShopId shop, String id) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(id, "id");
        return db.read(c -> {
            Map<String, Validators> validators = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT url, etag, last_modified FROM feed_validators WHERE shop_id = ? AND feed_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, id);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        validators.put(rs.getString(1), new Validators(rs.getString(2), rs.getString(3)));
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("SELECT started_at, finished_at, outcome, report"
                    + " FROM feed_runs WHERE shop_id = ? AND feed_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, id);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<FeedRun> empty();
                    }
                    return Optional.of(new FeedRun(Micros.fromMicros(rs.getLong(1)), Micros.fromMicros(rs.getLong(2)),
                            rs.getString(3), validators, rs.getString(4)));
                }
            }
        });
    }

    private static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            return p.executeUpdate();
        }
    }

    private static void bind(PreparedStatement p, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            p.setObject(i + 1, args[i]);
        }
    }

    private static List<FeedRecord> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                List<FeedRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new FeedRecord(ShopId.of(rs.getString("shop_id")), rs.getString("feed_id"),
                            rs.getString("kind"), rs.getString("url"),
                            Duration.ofSeconds(rs.getLong("interval_seconds")), rs.getBoolean("enabled"),
                            rs.getString("options"), Micros.fromMicros(rs.getLong("created_at")),
                            Micros.fromMicros(rs.getLong("updated_at"))));
                }
                return out;
            }
        }
    }
}
