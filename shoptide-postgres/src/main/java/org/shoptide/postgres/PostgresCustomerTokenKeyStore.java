package org.shoptide.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link CustomerTokenKeyStore} on the {@code customer_token_settings} table (migration V6), one row per shop. A put is
 * one {@code INSERT ... ON CONFLICT DO UPDATE ... version = version + 1 RETURNING version}: the row lock taken by the
 * upsert makes concurrent puts on any number of nodes get distinct, consecutive versions. Thread-safe.
 */
public final class PostgresCustomerTokenKeyStore implements CustomerTokenKeyStore {
    private final PostgresDatabase db;

    public PostgresCustomerTokenKeyStore(PostgresDatabase db) {
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
        long updatedAt = Micros.toMicros(s.updatedAt());
        long next = db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO customer_token_settings (shop_id, hs256_secret,"
                    + " jwks, audience, max_lifetime_s, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 1)"
                    + " ON CONFLICT (shop_id) DO UPDATE SET hs256_secret = excluded.hs256_secret,"
                    + " jwks = excluded.jwks, audience = excluded.audience, max_lifetime_s = excluded.max_lifetime_s,"
                    + " updated_at = excluded.updated_at, version = customer_token_settings.version + 1"
                    + " RETURNING version")) {
                p.setString(1, shop.value());
                Sql.setNullableString(p, 2, s.hs256Secret());
                Sql.setNullableString(p, 3, s.jwks());
                p.setString(4, s.audience());
                p.setLong(5, s.maxLifetime().toSeconds());
                p.setLong(6, updatedAt);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return new CustomerTokenSettings(s.hs256Secret(), s.jwks(), s.audience(),
                Duration.ofSeconds(s.maxLifetime().toSeconds()), Micros.fromMicros(updatedAt), next);
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
