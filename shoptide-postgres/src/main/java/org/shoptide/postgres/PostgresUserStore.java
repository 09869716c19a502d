package org.shoptide.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.JsonColumns;
import org.shoptide.core.store.Micros;
import org.shoptide.core.user.User;

/**
 * {@link UserStore} on the {@code users} and {@code user_aliases} tables of a {@link PostgresDatabase}. A null
 * {@code createdAt}/{@code updatedAt} of an upserted user is taken from the clock. An anonymous id aliases at most one
 * user: aliasing it again to another user moves it. Every write is one {@code INSERT ... ON CONFLICT} statement, atomic
 * however many nodes write at once. Thread-safe.
 */
public final class PostgresUserStore implements UserStore {

    private final PostgresDatabase db;
    private final Clock clock;

    /**
     * @param clock
     *            source of missing user timestamps and of alias creation times
     */
    public PostgresUserStore(PostgresDatabase db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void upsert(ShopId shop, User user) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(user, "user");
        Instant now = clock.instant();
        String traits = JsonColumns.encodeMap(user.traits());
        long createdAt = Micros.toMicros(user.createdAt() != null ? user.createdAt() : now);
        long updatedAt = Micros.toMicros(user.updatedAt() != null ? user.updatedAt() : now);
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO users (shop_id, user_id, traits, created_at,"
                    + " updated_at) VALUES (?, ?, CAST(? AS jsonb), ?, ?) ON CONFLICT (shop_id, user_id) DO UPDATE"
                    + " SET traits = excluded.traits, updated_at = excluded.updated_at")) {
                p.setString(1, shop.value());
                p.setString(2, user.id());
                p.setString(3, traits);
                p.setLong(4, createdAt);
                p.setLong(5, updatedAt);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<User> get(ShopId shop, String userId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(userId, "userId");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT user_id, traits, created_at, updated_at FROM users WHERE shop_id = ? AND user_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, userId);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<User> empty();
                    }
                    try {
                        return Optional.of(new User(rs.getString(1), JsonColumns.decodeMap(rs.getString(2)),
                                Micros.fromMicros(rs.getLong(3)), Micros.fromMicros(rs.getLong(4))));
                    } catch (IllegalArgumentException e) {
                        throw new StoreException("corrupt row for user '" + userId + "': " + e.getMessage(), e);
                    }
                }
            }
        });
    }

    @Override
    public void alias(ShopId shop, String anonymousId, String userId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(anonymousId, "anonymousId");
        Objects.requireNonNull(userId, "userId");
        long now = Micros.toMicros(clock.instant());
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO user_aliases (shop_id, anonymous_id, user_id, created_at) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (shop_id, anonymous_id) DO UPDATE SET user_id = excluded.user_id,"
                            + " created_at = excluded.created_at WHERE user_aliases.user_id <> excluded.user_id")) {
                p.setString(1, shop.value());
                p.setString(2, anonymousId);
                p.setString(3, userId);
                p.setLong(4, now);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean unalias(ShopId shop, String anonymousId, String userId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(anonymousId, "anonymousId");
        Objects.requireNonNull(userId, "userId");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM user_aliases WHERE shop_id = ? AND anonymous_id = ? AND user_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, anonymousId);
                p.setString(3, userId);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public Optional<String> resolveAlias(ShopId shop, String anonymousId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(anonymousId, "anonymousId");
        return db.read(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("SELECT user_id FROM user_aliases WHERE shop_id = ? AND anonymous_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, anonymousId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String> empty();
                }
            }
        });
    }

    /** {@inheritDoc} Ordered by anonymous id. */
    @Override
    public List<String> aliasesOf(ShopId shop, String userId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(userId, "userId");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT anonymous_id FROM user_aliases WHERE shop_id = ? AND user_id = ? ORDER BY anonymous_id")) {
                p.setString(1, shop.value());
                p.setString(2, userId);
                try (ResultSet rs = p.executeQuery()) {
                    List<String> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public boolean delete(ShopId shop, String userId) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(userId, "userId");
        return db.write(c -> {
            // both deletes run, whatever the first finds
            boolean aliases = deleteFrom(
                    c.prepareStatement("DELETE FROM user_aliases WHERE shop_id = ? AND user_id = ?"), shop, userId);
            boolean user = deleteFrom(c.prepareStatement("DELETE FROM users WHERE shop_id = ? AND user_id = ?"), shop,
                    userId);
            return aliases || user;
        });
    }

    private static boolean deleteFrom(PreparedStatement statement, ShopId shop, String userId) throws SQLException {
        try (PreparedStatement p = statement) {
            p.setString(1, shop.value());
            p.setString(2, userId);
            return p.executeUpdate() > 0;
        }
    }
}
