package org.shoptide.embedded.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.experiment.ExperimentStatus;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/** {@link ExperimentStore} on the {@code experiments} table; status is stored by its wire name. Thread-safe. */
public final class SqliteExperimentStore implements ExperimentStore {
    private static final String COLUMNS = "experiment_id, name, status, definition, created_at, started_at, stopped_at";
    private final SqliteDatabase db;

    public SqliteExperimentStore(SqliteDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void create(ExperimentRecord e) {
        Objects.requireNonNull(e, "experiment");
        try {
            db.write(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO experiments (shop_id, " + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    p.setString(1, e.shop().value());
                    p.setString(2, e.id());
                    p.setString(3, e.name());
                    p.setString(4, e.status().wireName());
                    p.setString(5, e.definition());
                    p.setLong(6, Micros.toMicros(e.createdAt()));
                    setInstant(p, 7, e.startedAt());
                    setInstant(p, 8, e.stoppedAt());
                    p.executeUpdate();
                }
                return null;
            });
        } catch (StoreException ex) {
            if (ex.getCause() instanceof SQLException se && Sql.isUniqueViolation(se)) {
                throw new IllegalStateException("experiment '" + e.id() + "' already exists in shop " + e.shop(), ex);
            }
            throw ex;
        }
    }

    @Override
    public Optional<ExperimentRecord> get(ShopId shop, String id) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(id, "id");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM experiments WHERE shop_id = ? AND experiment_id = ?")) {
                p.setString(1, shop.value());
                p.setString(2, id);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(read(shop, rs)) : Optional.<ExperimentRecord> empty();
                }
            }
        });
    }

    @Override
    public List<ExperimentRecord> list(ShopId shop) {
        Objects.requireNonNull(shop, "shop");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM experiments WHERE shop_id = ? ORDER BY created_at, experiment_id")) {
                p.setString(1, shop.value());
                try (ResultSet rs = p.executeQuery()) {
                    List<ExperimentRecord> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(read(shop, rs));
                    }
                    return out;
                }
            }
        });
    }

    @Override
    public boolean update(ExperimentRecord e) {
        Objects.requireNonNull(e, "experiment");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE experiments SET status = ?, started_at = ?,"
                    + " stopped_at = ? WHERE shop_id = ? AND experiment_id = ?")) {
                p.setString(1, e.status().wireName());
                setInstant(p, 2, e.startedAt());
                setInstant(p, 3, e.stoppedAt());
                p.setString(4, e.shop().value());
                p.setString(5, e.id());
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

    private static Instant getInstant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Micros.fromMicros(v);
    }

    private static ExperimentRecord read(ShopId shop, ResultSet rs) throws SQLException {
        String id = rs.getString("experiment_id");
        ExperimentStatus status;
        try {
            status = ExperimentStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new StoreException("corrupt row for experiment '" + id + "': unknown status", ex);
        }
        return new ExperimentRecord(shop, id, rs.getString("name"), status, rs.getString("definition"),
                Micros.fromMicros(rs.getLong("created_at")), getInstant(rs, "started_at"),
                getInstant(rs, "stopped_at"));
    }
}
