package org.shoptide.embedded.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.shoptide.core.port.ProfileStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.JsonColumns;
import org.shoptide.core.store.Micros;
import org.shoptide.core.store.ProfileColumns;

/**
 * {@link ProfileStore} on the {@code customer_profiles} and {@code profile_life_event_categories} tables (schema
 * version 13) of a {@link SqliteDatabase}, in the column formats of {@link ProfileColumns}. Thread-safe.
 */
public final class SqliteProfileStore implements ProfileStore {
    private static final String COLUMNS = "user_id, last_purchase, recency_days, frequency, monetary_minor,"
            + " price_sensitivity, brand_loyalty, categories, life_events, area, area_tier, fact_sources, sources,"
            + " computed_at, version";

    private final SqliteDatabase db;

    public SqliteProfileStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public long put(ShopId shop, CustomerProfile profile) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(profile, "profile");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO customer_profiles (shop_id, " + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
                    + " ON CONFLICT (shop_id, user_id) DO UPDATE SET last_purchase = excluded.last_purchase,"
                    + " recency_days = excluded.recency_days, frequency = excluded.frequency,"
                    + " monetary_minor = excluded.monetary_minor, price_sensitivity = excluded.price_sensitivity,"
                    + " brand_loyalty = excluded.brand_loyalty, categories = excluded.categories,"
                    + " life_events = excluded.life_events, area = excluded.area, area_tier = excluded.area_tier,"
                    + " fact_sources = excluded.fact_sources, sources = excluded.sources,"
                    + " computed_at = excluded.computed_at, version = customer_profiles.version + 1")) {
                p.setString(1, shop.value());
                p.setString(2, profile.userId());
                Sql.setNullableString(p, 3, profile.lastPurchase().map(LocalDate::toString).orElse(null));
                if (profile.recencyDays().isPresent()) {
                    p.setLong(4, profile.recencyDays().getAsLong());
                } else {
                    p.setNull(4, Types.BIGINT);
                }
                p.setLong(5, profile.frequency());
                p.setLong(6, profile.monetaryMinor());
                Sql.setNullableDouble(p, 7, boxed(profile.priceSensitivity()));
                Sql.setNullableDouble(p, 8, boxed(profile.brandLoyalty()));
                p.setString(9, ProfileColumns.encodeCategories(profile.categories()));
                p.setString(10, ProfileColumns.encodeLifeEvents(profile.lifeEvents()));
                Sql.setNullableString(p, 11, profile.area().orElse(null));
                Sql.setNullableString(p, 12, profile.areaTier().orElse(null));
                p.setString(13, ProfileColumns.encodeListMap(profile.factSources()));
                p.setString(14, ProfileColumns.encodeSeen(profile.sources()));
                p.setLong(15, Micros.toMicros(profile.computedAt()));
                p.executeUpdate();
            }
            try (PreparedStatement p = c
                    .prepareStatement("SELECT version FROM customer_profiles WHERE shop_id = ? AND user_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, profile.userId());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public Optional<CustomerProfile> get(ShopId shop, String userId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(userId, "userId");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM customer_profiles WHERE shop_id = ? AND user_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, userId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(profile(rs)) : Optional.<CustomerProfile> empty();
                }
            }
        });
    }

    @Override
    public List<String> userIds(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("SELECT user_id FROM customer_profiles WHERE shop_id = ? ORDER BY user_id")) {
                p.setString(1, shop.value());
                List<String> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean delete(ShopId shop, String userId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(userId, "userId");
        return db.write(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("DELETE FROM customer_profiles WHERE shop_id = ? AND user_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, userId);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void replaceLifeEventCategories(ShopId shop, Map<String, List<String>> mapping) {
        Objects.requireNonNull(shop, "shop");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        mapping.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "kind"), List.copyOf(v)));
        db.write(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("DELETE FROM profile_life_event_categories WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO profile_life_event_categories (shop_id, kind, categories) VALUES (?, ?, ?)")) {
                for (Map.Entry<String, List<String>> e : copy.entrySet()) {
                    p.setString(1, shop.value());
                    p.setString(2, e.getKey());
                    p.setString(3, JsonColumns.encodeList(e.getValue()));
                    p.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Map<String, List<String>> lifeEventCategories(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT kind, categories FROM profile_life_event_categories"
                    + " WHERE shop_id = ? ORDER BY kind")) {
                p.setString(1, shop.value());
                Map<String, List<String>> out = new LinkedHashMap<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), JsonColumns.decodeList(rs.getString(2)));
                    }
                }
                return out;
            }
        });
    }

    private static Double boxed(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }

    private static CustomerProfile profile(ResultSet rs) throws SQLException {
        String userId = rs.getString(1);
        try {
            String last = rs.getString(2);
            long recency = rs.getLong(3);
            OptionalLong recencyDays = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(recency);
            double ps = rs.getDouble(6);
            OptionalDouble price = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(ps);
            double bl = rs.getDouble(7);
            OptionalDouble brand = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(bl);
            return new CustomerProfile(userId, Optional.ofNullable(last).map(LocalDate::parse), recencyDays,
                    rs.getLong(4), rs.getLong(5), price, brand, ProfileColumns.decodeCategories(rs.getString(8)),
                    ProfileColumns.decodeLifeEvents(rs.getString(9)), Optional.ofNullable(rs.getString(10)),
                    Optional.ofNullable(rs.getString(11)), ProfileColumns.decodeListMap(rs.getString(12)),
                    ProfileColumns.decodeSeen(rs.getString(13)), Micros.fromMicros(rs.getLong(14)), rs.getLong(15));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new StoreException("corrupt profile of user '" + userId + "': " + e.getMessage(), e);
        }
    }
}
