package org.shoptide.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link RuleStore} on the {@code rule_sets} table. An append takes an advisory lock on the shop's rule sets, then
 * reads the highest version and inserts the next in the same transaction, so concurrent appends on any number of nodes
 * get consecutive versions (without the lock, two nodes would read the same maximum and one would fail on the primary
 * key). Thread-safe.
 */
public final class PostgresRuleStore implements RuleStore {
    private final PostgresDatabase db;

    public PostgresRuleStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public RuleSetRecord append(ShopId shop, String definition, Instant createdAt) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(createdAt, "createdAt");
        long micros = Micros.toMicros(createdAt);
        return db.write(c -> {
            Sql.advisoryLock(c, "rule_sets", shop.value());
            int next;
            try (PreparedStatement p = c
                    .prepareStatement("SELECT COALESCE(MAX(version), 0) + 1 FROM rule_sets WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    next = rs.getInt(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO rule_sets (shop_id, version, created_at, definition) VALUES (?, ?, ?, ?)")) {
                p.setString(1, shop.value());
                p.setInt(2, next);
                p.setLong(3, micros);
                p.setString(4, definition);
                p.executeUpdate();
            }
            return new RuleSetRecord(shop, next, Micros.fromMicros(micros), definition);
        });
    }

    @Override
    public Optional<RuleSetRecord> latest(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return query(shop, "SELECT version, created_at, definition FROM rule_sets WHERE shop_id = ?"
                + " ORDER BY version DESC LIMIT 1", null);
    }

    @Override
    public Optional<RuleSetRecord> get(ShopId shop, int version) {
        Objects.requireNonNull(shop, "shop");
        return query(shop, "SELECT version, created_at, definition FROM rule_sets WHERE shop_id = ? AND version = ?",
                version);
    }

    private Optional<RuleSetRecord> query(ShopId shop, String sql, Integer version) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setString(1, shop.value());
                if (version != null) {
                    p.setInt(2, version);
                }
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(read(shop, rs)) : Optional.<RuleSetRecord> empty();
                }
            }
        });
    }

    private static RuleSetRecord read(ShopId shop, ResultSet rs) throws SQLException {
        return new RuleSetRecord(shop, rs.getInt("version"), Micros.fromMicros(rs.getLong("created_at")),
                rs.getString("definition"));
    }
}
