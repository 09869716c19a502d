package org.shoptide.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link IdempotencyStore} on the {@code idempotency_keys} table. A claim first tries
 * {@code INSERT ... ON CONFLICT DO NOTHING}: of concurrent claims of a fresh key on any number of nodes exactly one
 * inserts the row (the others wait for its commit, then insert nothing). A claim that inserts nothing reads the row
 * {@code FOR UPDATE}, so deciding "mismatch, replay, in progress or stale" and taking over a stale claim is one locked
 * read-then-write: two nodes cannot both take over the same stale claim. Thread-safe.
 */
public final class PostgresIdempotencyStore implements IdempotencyStore {
    /** Attempts of a claim whose row vanishes (released) between its insert and its locked read. */
    private static final int ATTEMPTS = 10;

    private final PostgresDatabase db;

    public PostgresIdempotencyStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Claim claim(ShopId shop, String key, String fingerprint, Instant now, Duration staleAfter) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(staleAfter, "staleAfter");
        return db.write(c -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (insertClaim(c, shop, key, fingerprint, now)) {
                    return new Claim.Acquired();
                }
                try (PreparedStatement p = c.prepareStatement("SELECT fingerprint, claimed_at, status, body FROM"
                        + " idempotency_keys WHERE shop_id = ? AND idem_key = ? FOR UPDATE")) {
                    p.setString(1, shop.value());
                    p.setString(2, key);
                    try (ResultSet rs = p.executeQuery()) {
                        if (!rs.next()) {
                            continue; // released meanwhile: try to insert again
                        }
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
                try (PreparedStatement p = c.prepareStatement("UPDATE idempotency_keys SET fingerprint = ?,"
                        + " claimed_at = ?, status = NULL, body = NULL, completed_at = NULL"
                        + " WHERE shop_id = ? AND idem_key = ?")) {
                    p.setString(1, fingerprint);
                    p.setLong(2, Micros.toMicros(now));
                    p.setString(3, shop.value());
                    p.setString(4, key);
                    p.executeUpdate();
                }
                return new Claim.Acquired();
            }
            throw new StoreException("idempotency key " + key + " was claimed and released " + ATTEMPTS
                    + " times during one claim; try again");
        });
    }

    private static boolean insertClaim(Connection c, ShopId shop, String key, String fingerprint, Instant now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO idempotency_keys (shop_id, idem_key, fingerprint,"
                + " claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT (shop_id, idem_key) DO NOTHING")) {
            p.setString(1, shop.value());
            p.setString(2, key);
            p.setString(3, fingerprint);
            p.setLong(4, Micros.toMicros(now));
            return p.executeUpdate() == 1;
        }
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

    /** {@inheritDoc} With several nodes on one database, no node may call this (see the port). */
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
                    "DELETE FROM idempotency_keys WHERE shop_id = ? AND idem_key = ? AND status IS NULL")) {
                p.setString(1, shop.value());
                p.setString(2, key);
                return p.executeUpdate();
            }
        });
    }
}
