package org.shoptide.embedded.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link IdempotencyStore} on the {@code idempotency_keys} table. A claim reads and writes its row in one write
 * transaction of the single writer, so of concurrent claims of one key exactly one acquires it. Thread-safe.
 */
public final class SqliteIdempotencyStore implements IdempotencyStore {
    private final SqliteDatabase db;

    public SqliteIdempotencyStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Claim claim(ShopId shop, String key, String fingerprint, Instant now, Duration staleAfter) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT fingerprint, claimed_at, status, body FROM"
                    + " idempotency_keys WHERE shop_id = ? AND idem_key = ?")) {
                p.setString(1, shop.value());
                p.setString(2, key);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        if (!rs.getString("fingerprint").equals(fingerprint)) {
                            return new Claim.Mismatch();
                        }
                        int status = rs.getInt("status");
                        if (!rs.wasNull()) {
                            return new Claim.Replay(status, rs.getString("body"));
                        }
                        if (Micros.fromMicros(rs.getLong("claimed_at")).plus(staleAfter).isAfter(now)) {
                            return new Claim.InProgress();
                        }
                    }
                }
            }
            try (PreparedStatement p = c
                    .prepareStatement("DELETE FROM idempotency_keys WHERE shop_id = ? AND" + " idem_key = ?")) {
                p.setString(1, shop.value());
                p.setString(2, key);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO idempotency_keys (shop_id, idem_key,"
                    + " fingerprint, claimed_at) VALUES (?, ?, ?, ?)")) {
                p.setString(1, shop.value());
                p.setString(2, key);
                p.setString(3, fingerprint);
                p.setLong(4, Micros.toMicros(now));
                p.executeUpdate();
            }
            return new Claim.Acquired();
        });
    }

    @Override
    public void complete(ShopId shop, String key, int status, String body, Instant now) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE idempotency_keys SET status = ?, body = ?,"
                    + " completed_at = ? WHERE shop_id = ? AND idem_key = ?")) {
                p.setInt(1, status);
                p.setString(2, body);
                p.setLong(3, Micros.toMicros(now));
                p.setString(4, shop.value());
                p.setString(5, key);
                if (p.executeUpdate() == 0) {
                    throw new IllegalStateException("no claim of idempotency key " + key);
                }
            }
            return null;
        });
    }

    @Override
    public int releaseAbandoned(Instant before) {
        return db.write(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("DELETE FROM idempotency_keys WHERE status IS NULL AND claimed_at < ?")) {
                p.setLong(1, Micros.toMicros(before));
                return p.executeUpdate();
            }
        });
    }

    @Override
    public void release(ShopId shop, String key) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM idempotency_keys WHERE shop_id = ? AND" + " idem_key = ? AND status IS NULL")) {
                p.setString(1, shop.value());
                p.setString(2, key);
                return p.executeUpdate();
            }
        });
    }
}
