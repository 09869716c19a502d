package org.shoptide.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.ShopStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.JsonColumns;
import org.shoptide.core.store.Micros;

/**
 * {@link ShopStore} on the {@code shops} table of a {@link PostgresDatabase}. Both key-hash columns are uniquely
 * indexed, and a hash is never stored twice in either column, so {@link #findByKeyHash} is unambiguous. The unique
 * indexes only cover each column on its own, so {@link #create} and {@link #replaceKeyHash} check both columns under
 * one advisory lock: two nodes cannot store the same hash once as a publishable and once as a secret key. Custom event
 * weights are a JSONB object of numbers. Thread-safe.
 */
public final class PostgresShopStore implements ShopStore {

    private static final String COLUMNS = "shop_id, name, created_at, publishable_key_hash, secret_key_hash,"
            + " custom_event_weights, training_time, attribution_window_minutes, exploration_rate,"
            + " tracking_consent_required";

    private final PostgresDatabase db;

    public PostgresShopStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException
     *             also when a key hash is already stored (as either kind, by any shop) or both hashes are equal
     */
    @Override
    public void create(Shop shop) {
        Objects.requireNonNull(shop, "shop");
        String weights = JsonColumns.encodeNumberMap(shop.customEventWeights());
        db.write(c -> {
            Sql.advisoryLock(c, "shops", "key-hashes");
            if (shop.publishableKeyHash().equals(shop.secretKeyHash())
                    || hashInUse(c, shop.publishableKeyHash(), null, null)
                    || hashInUse(c, shop.secretKeyHash(), null, null)) {
                throw new IllegalStateException(
                        "a key hash of shop '" + shop.id() + "' is already used by a shop or by its other key");
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO shops (" + COLUMNS + ") VALUES (?, ?, ?, ?,"
                    + " ?, CAST(? AS jsonb), ?, ?, ?, ?) ON CONFLICT (shop_id) DO NOTHING")) {
                p.setString(1, shop.id().value());
                p.setString(2, shop.name());
                p.setLong(3, Micros.toMicros(shop.createdAt()));
                p.setString(4, shop.publishableKeyHash());
                p.setString(5, shop.secretKeyHash());
                p.setString(6, weights);
                Sql.setNullableString(p, 7, shop.trainingTime());
                p.setInt(8, shop.attributionWindowMinutes());
                p.setDouble(9, shop.explorationRate());
                p.setBoolean(10, shop.trackingConsentRequired());
                if (p.executeUpdate() == 0) {
                    throw new IllegalStateException("shop '" + shop.id() + "' already exists");
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Shop> find(ShopId id) {
        Objects.requireNonNull(id, "id");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM shops WHERE shop_id = ?")) {
                p.setString(1, id.value());
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Shop> empty();
                }
            }
        });
    }

    @Override
    public List<Shop> list() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM shops ORDER BY shop_id");
                    ResultSet rs = p.executeQuery()) {
                List<Shop> shops = new ArrayList<>();
                while (rs.next()) {
                    shops.add(read(rs));
                }
                return shops;
            }
        });
    }

    @Override
    public Optional<KeyMatch> findByKeyHash(String keyHash) {
        Objects.requireNonNull(keyHash, "keyHash");
        return db.read(c -> {
            for (ApiKeyKind kind : ApiKeyKind.values()) {
                try (PreparedStatement p = c
                        .prepareStatement("SELECT " + COLUMNS + " FROM shops WHERE " + column(kind) + " = ?")) {
                    p.setString(1, keyHash);
                    try (ResultSet rs = p.executeQuery()) {
                        if (rs.next()) {
                            return Optional.of(new KeyMatch(read(rs), kind));
                        }
                    }
                }
            }
            return Optional.<KeyMatch> empty();
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException
     *             when the new hash is already used by a shop
     */
    @Override
    public boolean replaceKeyHash(ShopId id, ApiKeyKind kind, String newKeyHash) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(newKeyHash, "newKeyHash");
        return db.write(c -> {
            Sql.advisoryLock(c, "shops", "key-hashes");
            if (hashInUse(c, newKeyHash, id, kind)) {
                throw new IllegalStateException("the new " + kind + " key hash is already in use");
            }
            try (PreparedStatement p = c
                    .prepareStatement("UPDATE shops SET " + column(kind) + " = ? WHERE shop_id = ?")) {
                p.setString(1, newKeyHash);
                p.setString(2, id.value());
                return p.executeUpdate() > 0;
            }
        });
    }

    /** {@inheritDoc} Keys and {@code createdAt} are not changed. */
    @Override
    public boolean update(Shop shop) {
        Objects.requireNonNull(shop, "shop");
        String weights = JsonColumns.encodeNumberMap(shop.customEventWeights());
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE shops SET name = ?, custom_event_weights = CAST(? AS jsonb), training_time = ?,"
                            + " attribution_window_minutes = ?, exploration_rate = ?, tracking_consent_required = ?"
                            + " WHERE shop_id = ?")) {
                p.setString(1, shop.name());
                p.setString(2, weights);
                Sql.setNullableString(p, 3, shop.trainingTime());
                p.setInt(4, shop.attributionWindowMinutes());
                p.setDouble(5, shop.explorationRate());
                p.setBoolean(6, shop.trackingConsentRequired());
                p.setString(7, shop.id().value());
                return p.executeUpdate() > 0;
            }
        });
    }

    /**
     * Whether {@code hash} is stored in either key column of any shop, except as the {@code exceptKind} key of shop
     * {@code exceptShop} (where replacing it by itself is a no-op).
     */
    private static boolean hashInUse(Connection c, String hash, ShopId exceptShop, ApiKeyKind exceptKind)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT shop_id, 'PUBLISHABLE' FROM shops"
                + " WHERE publishable_key_hash = ? UNION ALL SELECT shop_id, 'SECRET' FROM shops"
                + " WHERE secret_key_hash = ?")) {
            p.setString(1, hash);
            p.setString(2, hash);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    boolean own = exceptShop != null && exceptShop.value().equals(rs.getString(1))
                            && exceptKind.name().equals(rs.getString(2));
                    if (!own) {
                        return true;
                    }
                }
                return false;
            }
        }
    }

    private static String column(ApiKeyKind kind) {
        return switch (kind) {
            case PUBLISHABLE -> "publishable_key_hash";
            case SECRET -> "secret_key_hash";
        };
    }

    private static Shop read(ResultSet rs) throws SQLException {
        String id = rs.getString("shop_id");
        try {
            return new Shop(ShopId.of(id), rs.getString("name"), Micros.fromMicros(rs.getLong("created_at")),
                    rs.getString("publishable_key_hash"), rs.getString("secret_key_hash"),
                    JsonColumns.decodeNumberMap(rs.getString("custom_event_weights")), rs.getString("training_time"),
                    rs.getInt("attribution_window_minutes"), rs.getDouble("exploration_rate"),
                    rs.getBoolean("tracking_consent_required"));
        } catch (IllegalArgumentException e) {
            throw new StoreException("corrupt row for shop '" + id + "': " + e.getMessage(), e);
        }
    }
}
