package org.shoptide.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.PriceAlertStore;
import org.shoptide.core.price.DropNotice;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.WebhookDelivery;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link PriceAlertStore} on the {@code price_drops}, {@code price_drop_recipients}, {@code price_webhook_outbox} and
 * {@code price_alert_settings} tables (V9). A drop, its recipients and its outbox row are inserted in one write
 * transaction; the drop's primary key with {@code ON CONFLICT DO NOTHING} makes a second save of the same id change
 * nothing. Thread-safe.
 */
public final class PostgresPriceAlertStore implements PriceAlertStore {
    private static final String DROP_COLUMNS = "d.drop_id, d.item_id, d.source, d.currency, d.old_minor, d.new_minor,"
            + " d.percent, d.at";
    private static final String OUTBOX_COLUMNS = "shop_id, drop_id, attempts, next_attempt_at, last_error,"
            + " delivered_at";

    private final PostgresDatabase db;

    public PostgresPriceAlertStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public PriceAlertSettings settings(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT enabled, min_percent, min_amount_minor,"
                    + " cooldown_seconds, interest_window_seconds, boost_window_seconds, webhook_url, webhook_secret"
                    + " FROM price_alert_settings WHERE shop_id = ?")) {
                p.setString(1, shop.value());
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return PriceAlertSettings.DEFAULTS;
                    }
                    return new PriceAlertSettings(rs.getBoolean(1), rs.getDouble(2), rs.getLong(3),
                            Duration.ofSeconds(rs.getLong(4)), Duration.ofSeconds(rs.getLong(5)),
                            Duration.ofSeconds(rs.getLong(6)), rs.getString(7), rs.getString(8));
                }
            }
        });
    }

    @Override
    public void saveSettings(ShopId shop, PriceAlertSettings s) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(s, "settings");
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO price_alert_settings (shop_id, enabled,"
                    + " min_percent, min_amount_minor, cooldown_seconds, interest_window_seconds, boost_window_seconds,"
                    + " webhook_url, webhook_secret) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id) DO UPDATE"
                    + " SET enabled = excluded.enabled, min_percent = excluded.min_percent,"
                    + " min_amount_minor = excluded.min_amount_minor, cooldown_seconds = excluded.cooldown_seconds,"
                    + " interest_window_seconds = excluded.interest_window_seconds,"
                    + " boost_window_seconds = excluded.boost_window_seconds, webhook_url = excluded.webhook_url,"
                    + " webhook_secret = excluded.webhook_secret")) {
                p.setString(1, shop.value());
                p.setBoolean(2, s.enabled());
                p.setDouble(3, s.minPercent());
                p.setLong(4, s.minAmountMinor());
                p.setLong(5, s.cooldown().toSeconds());
                p.setLong(6, s.interestWindow().toSeconds());
                p.setLong(7, s.boostWindow().toSeconds());
                Sql.setNullableString(p, 8, s.webhookUrl());
                Sql.setNullableString(p, 9, s.webhookSecret());
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean saveDrop(ShopId shop, PriceDrop d, List<String> recipients, boolean webhook) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(d, "drop");
        List<String> subjects = List.copyOf(recipients);
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO price_drops (shop_id, drop_id, item_id, source,"
                    + " currency, old_minor, new_minor, percent, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (shop_id, drop_id) DO NOTHING")) {
                p.setString(1, shop.value());
                p.setString(2, d.id());
                p.setString(3, d.itemId());
                p.setString(4, d.source());
                p.setString(5, d.currency());
                p.setLong(6, d.oldMinor());
                p.setLong(7, d.newMinor());
                p.setDouble(8, d.percent());
                p.setLong(9, Micros.toMicros(d.at()));
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO price_drop_recipients (shop_id, drop_id,"
                    + " subject) VALUES (?, ?, ?) ON CONFLICT (shop_id, drop_id, subject) DO NOTHING")) {
                for (String s : subjects) {
                    p.setString(1, shop.value());
                    p.setString(2, d.id());
                    p.setString(3, s);
                    p.addBatch();
                }
                p.executeBatch();
            }
            if (webhook) {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO price_webhook_outbox (shop_id, drop_id,"
                        + " attempts, next_attempt_at) VALUES (?, ?, 0, ?)")) {
                    p.setString(1, shop.value());
                    p.setString(2, d.id());
                    p.setLong(3, Micros.toMicros(d.at()));
                    p.executeUpdate();
                }
            }
            return true;
        });
    }

    @Override
    public Optional<PriceDrop> drop(ShopId shop, String dropId) {
        return first(drops(shop, " AND d.drop_id = ?", dropId, 1));
    }

    @Override
    public Optional<PriceDrop> latestDrop(ShopId shop, String itemId) {
        return first(drops(shop, " AND d.item_id = ?", itemId, 1));
    }

    @Override
    public List<PriceDrop> drops(ShopId shop, Instant since, int limit) {
        return drops(shop, " AND d.at >= ?", Micros.toMicros(since), limit);
    }

    private static Optional<PriceDrop> first(List<PriceDrop> drops) {
        return drops.isEmpty() ? Optional.empty() : Optional.of(drops.get(0));
    }

    private List<PriceDrop> drops(ShopId shop, String where, Object arg, int limit) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + DROP_COLUMNS + " FROM price_drops d"
                    + " WHERE d.shop_id = ?" + where + " ORDER BY d.at DESC, d.drop_id DESC LIMIT ?")) {
                p.setString(1, shop.value());
                p.setObject(2, arg);
                p.setInt(3, Math.max(0, limit));
                List<PriceDrop> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(drop(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<String> recipients(ShopId shop, String dropId) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT subject FROM price_drop_recipients"
                    + " WHERE shop_id = ? AND drop_id = ? ORDER BY subject")) {
                p.setString(1, shop.value());
                p.setString(2, dropId);
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
    public List<DropNotice> unseen(ShopId shop, String subject, int limit) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + DROP_COLUMNS + " FROM price_drop_recipients r"
                    + " JOIN price_drops d ON d.shop_id = r.shop_id AND d.drop_id = r.drop_id"
                    + " WHERE r.shop_id = ? AND r.subject = ? AND r.seen_at IS NULL"
                    + " ORDER BY d.at DESC, d.drop_id DESC LIMIT ?")) {
                p.setString(1, shop.value());
                p.setString(2, subject);
                p.setInt(3, Math.max(0, limit));
                List<DropNotice> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new DropNotice(drop(rs), subject, null));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public int markSeen(ShopId shop, String subject, List<String> dropIds, Instant at) {
        Objects.requireNonNull(shop, "shop");
        List<String> ids = List.copyOf(dropIds);
        return db.write(c -> {
            int n = 0;
            try (PreparedStatement p = c.prepareStatement("UPDATE price_drop_recipients SET seen_at = ?"
                    + " WHERE shop_id = ? AND subject = ? AND drop_id = ? AND seen_at IS NULL")) {
                for (String id : ids) {
                    p.setLong(1, Micros.toMicros(at));
                    p.setString(2, shop.value());
                    p.setString(3, subject);
                    p.setString(4, id);
                    n += p.executeUpdate();
                }
            }
            return n;
        });
    }

    @Override
    public int eraseSubject(ShopId shop, String subject) {
        Objects.requireNonNull(shop, "shop");
        return db.write(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("DELETE FROM price_drop_recipients WHERE shop_id = ? AND subject = ?")) {
                p.setString(1, shop.value());
                p.setString(2, subject);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public List<WebhookDelivery> due(Instant now, int limit) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + OUTBOX_COLUMNS + " FROM price_webhook_outbox"
                    + " WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at, shop_id, drop_id"
                    + " LIMIT ?")) {
                p.setLong(1, Micros.toMicros(now));
                p.setInt(2, Math.max(0, limit));
                List<WebhookDelivery> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(delivery(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public void delivered(ShopId shop, String dropId, Instant at) {
        Objects.requireNonNull(shop, "shop");
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE price_webhook_outbox SET delivered_at = ?,"
                    + " attempts = attempts + 1, last_error = NULL WHERE shop_id = ? AND drop_id = ?"
                    + " AND delivered_at IS NULL")) {
                p.setLong(1, Micros.toMicros(at));
                p.setString(2, shop.value());
                p.setString(3, dropId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void retryLater(ShopId shop, String dropId, int attempts, Instant next, String error) {
        Objects.requireNonNull(shop, "shop");
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE price_webhook_outbox SET attempts = ?,"
                    + " next_attempt_at = ?, last_error = ? WHERE shop_id = ? AND drop_id = ? AND delivered_at IS NULL")) {
                p.setInt(1, attempts);
                p.setLong(2, Micros.toMicros(next));
                Sql.setNullableString(p, 3, error);
                p.setString(4, shop.value());
                p.setString(5, dropId);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<WebhookDelivery> delivery(ShopId shop, String dropId) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + OUTBOX_COLUMNS + " FROM price_webhook_outbox" + " WHERE shop_id = ? AND drop_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, dropId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(delivery(rs)) : Optional.<WebhookDelivery> empty();
                }
            }
        });
    }

    private static PriceDrop drop(ResultSet rs) throws SQLException {
        return new PriceDrop(rs.getString("drop_id"), rs.getString("item_id"), rs.getString("source"),
                rs.getString("currency"), rs.getLong("old_minor"), rs.getLong("new_minor"), rs.getDouble("percent"),
                Micros.fromMicros(rs.getLong("at")));
    }

    private static WebhookDelivery delivery(ResultSet rs) throws SQLException {
        long delivered = rs.getLong("delivered_at");
        Instant deliveredAt = rs.wasNull() ? null : Micros.fromMicros(delivered);
        return new WebhookDelivery(ShopId.of(rs.getString("shop_id")), rs.getString("drop_id"), rs.getInt("attempts"),
                Micros.fromMicros(rs.getLong("next_attempt_at")), rs.getString("last_error"), deliveredAt);
    }
}
