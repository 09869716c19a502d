package org.shoptide.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.shoptide.core.alert.AlertDelivery;
import org.shoptide.core.alert.AlertState;
import org.shoptide.core.alert.Silence;
import org.shoptide.core.alert.TextRows;
import org.shoptide.core.port.AlertStore;
import org.shoptide.core.store.Micros;

/**
 * {@link AlertStore} on the tables {@code alert_state}, {@code alert_silence} and {@code alert_delivery} (migration
 * V11); labels and matchers in {@link TextRows} form, instants in microseconds. Every call is one transaction, so
 * several nodes may share the tables (the notifier that evaluates should still run on one node: see ADR 0029).
 * Thread-safe.
 */
public final class PostgresAlertStore implements AlertStore {
    private static final String STATE_COLUMNS = "alert_key, rule, labels, status, severity, summary, value,"
            + " active_since, firing_since, last_notified_at";
    private static final String DELIVERY_COLUMNS = "id, channel, alert_key, payload, created_at, attempts,"
            + " next_attempt_at, last_error";
    private final PostgresDatabase db;

    public PostgresAlertStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public List<AlertState> states() {
        return db.read(c -> {
            List<AlertState> out = new ArrayList<>();
            try (PreparedStatement p = c
                    .prepareStatement("SELECT " + STATE_COLUMNS + " FROM alert_state ORDER BY alert_key");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new AlertState(rs.getString(1), rs.getString(2), TextRows.decodeLabels(rs.getString(3)),
                            AlertState.Status.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                            rs.getDouble(7), Micros.fromMicros(rs.getLong(8)), instant(rs, 9), instant(rs, 10)));
                }
            }
            return out;
        });
    }

    @Override
    public void apply(List<AlertState> upserts, List<String> deletes, List<AlertDelivery> enqueue) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO alert_state (" + STATE_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_key) DO UPDATE SET"
                    + " rule = excluded.rule, labels = excluded.labels, status = excluded.status,"
                    + " severity = excluded.severity, summary = excluded.summary, value = excluded.value,"
                    + " active_since = excluded.active_since, firing_since = excluded.firing_since,"
                    + " last_notified_at = excluded.last_notified_at")) {
                for (AlertState s : upserts) {
                    p.setString(1, s.key());
                    p.setString(2, s.rule());
                    p.setString(3, TextRows.encodeLabels(s.labels()));
                    p.setString(4, s.status().name());
                    p.setString(5, s.severity());
                    p.setString(6, s.summary());
                    p.setDouble(7, s.value());
                    p.setLong(8, Micros.toMicros(s.activeSince()));
                    setInstant(p, 9, s.firingSince());
                    setInstant(p, 10, s.lastNotifiedAt());
                    p.executeUpdate();
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM alert_state WHERE alert_key = ?")) {
                for (String key : deletes) {
                    p.setString(1, key);
                    p.executeUpdate();
                }
            }
            insertDeliveries(c, enqueue);
            return null;
        });
    }

    private static void insertDeliveries(Connection c, List<AlertDelivery> enqueue) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO alert_delivery (" + DELIVERY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (AlertDelivery d : enqueue) {
                p.setString(1, d.id());
                p.setString(2, d.channel());
                p.setString(3, d.alertKey());
                p.setString(4, d.payload());
                p.setLong(5, Micros.toMicros(d.createdAt()));
                p.setInt(6, d.attempts());
                setInstant(p, 7, d.nextAttemptAt());
                Sql.setNullableString(p, 8, d.lastError());
                p.executeUpdate();
            }
        }
    }

    @Override
    public List<AlertDelivery> due(Instant now, int limit) {
        return deliveries("WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? ", Micros.toMicros(now), limit);
    }

    @Override
    public List<AlertDelivery> deliveries() {
        return deliveries("", null, Integer.MAX_VALUE);
    }

    private List<AlertDelivery> deliveries(String where, Long bound, int limit) {
        return db.read(c -> {
            List<AlertDelivery> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT " + DELIVERY_COLUMNS + " FROM alert_delivery " + where
                    + "ORDER BY created_at, id LIMIT ?")) {
                int i = 1;
                if (bound != null) {
                    p.setLong(i++, bound);
                }
                p.setInt(i, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AlertDelivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                Micros.fromMicros(rs.getLong(5)), rs.getInt(6), instant(rs, 7), rs.getString(8)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean delivered(String id) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM alert_delivery WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    @Override
    public void failed(String id, int attempts, Instant nextAttemptAt, String error) {
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE alert_delivery SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?")) {
                p.setInt(1, attempts);
                setInstant(p, 2, nextAttemptAt);
                Sql.setNullableString(p, 3, error);
                p.setString(4, id);
                p.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void putSilence(Silence s) {
        int inserted = db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO alert_silence (id, matchers, starts_at,"
                    + " ends_at, created_by, comment, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO NOTHING")) {
                p.setString(1, s.id());
                p.setString(2, TextRows.encodeMatchers(s.matchers()));
                p.setLong(3, Micros.toMicros(s.startsAt()));
                p.setLong(4, Micros.toMicros(s.endsAt()));
                p.setString(5, s.createdBy());
                p.setString(6, s.comment());
                p.setLong(7, Micros.toMicros(s.createdAt()));
                return p.executeUpdate();
            }
        });
        if (inserted == 0) {
            throw new IllegalArgumentException("a silence with id " + s.id() + " exists already");
        }
    }

    @Override
    public List<Silence> silences() {
        return db.read(c -> {
            List<Silence> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT id, matchers, starts_at, ends_at, created_by,"
                    + " comment, created_at FROM alert_silence ORDER BY starts_at, id");
                    ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Silence(rs.getString(1), TextRows.decodeMatchers(rs.getString(2)),
                            Micros.fromMicros(rs.getLong(3)), Micros.fromMicros(rs.getLong(4)), rs.getString(5),
                            rs.getString(6), Micros.fromMicros(rs.getLong(7))));
                }
            }
            return out;
        });
    }

    @Override
    public boolean deleteSilence(String id) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM alert_silence WHERE id = ?")) {
                p.setString(1, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    private static void setInstant(PreparedStatement p, int index, Instant t) throws SQLException {
        if (t == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, Micros.toMicros(t));
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Micros.fromMicros(v);
    }
}
