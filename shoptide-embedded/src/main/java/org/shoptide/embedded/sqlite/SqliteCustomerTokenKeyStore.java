package org.shoptide.embedded.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link CustomerTokenKeyStore} on the {@code customer_token_settings} table (migration V6), one row per shop. A put
 * reads the current version and upserts the row in one write transaction, so concurrent puts get distinct versions.
 * Thread-safe.
 */
public final class SqliteCustomerTokenKeyStore implements CustomerTokenKeyStore {
    private final SqliteDatabase db;

    public SqliteCustomerTokenKeyStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Optional<CustomerTokenSettings> get(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT hs256_secret, jwks, audience, max_lifetime_s,"
                    + " updated_at, version FROM customer_token_settings WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<CustomerTokenSettings> empty();
                    }
                    return Optional.of(new CustomerTokenSettings(rs.getString("hs256_secret"), rs.getString("jwks"),
                            rs.getString("audience"), Duration.ofSeconds(rs.getLong("max_lifetime_s")),
                            Micros.fromMicros(rs.getLong("updated_at")), rs.getLong("version")));
                }
            }
        });
    }

    @Override
    public CustomerTokenSettings put(ShopId shop, CustomerTokenSettings s) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(s, "settings");
        return db.write(c -> {
            long next;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COALESCE(MAX(version), 0) + 1 FROM customer_token_settings WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    next = rs.getLong(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO customer_token_settings (shop_id, hs256_secret,"
                    + " jwks, audience, max_lifetime_s, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (shop_id) DO UPDATE SET hs256_secret = excluded.hs256_secret,"
                    + " jwks = excluded.jwks, audience = excluded.audience, max_lifetime_s = excluded.max_lifetime_s,"
                    + " updated_at = excluded.updated_at, version = excluded.version")) {
                p.setString(1, shop.value());
                Sql.setNullableString(p, 2, s.hs256Secret());
                Sql.setNullableString(p, 3, s.jwks());
                p.setString(4, s.audience());
                p.setLong(5, s.maxLifetime().toSeconds());
                p.setLong(6, Micros.toMicros(s.updatedAt()));
                p.setLong(7, next);
                p.executeUpdate();
            }
            return new CustomerTokenSettings(s.hs256Secret(), s.jwks(), s.audience(),
                    Duration.ofSeconds(s.maxLifetime().toSeconds()), Micros.fromMicros(Micros.toMicros(s.updatedAt())),
                    next);
        });
    }

    @Override
    public boolean delete(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM customer_token_settings WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                return p.executeUpdate() > 0;
            }
        });
    }
}
