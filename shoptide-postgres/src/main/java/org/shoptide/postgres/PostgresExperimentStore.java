package org.shoptide.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

/**
 * {@link ExperimentStore} on the {@code experiments} table; status is stored by its wire name. A create is one
 * {@code INSERT ... ON CONFLICT DO NOTHING}: of two nodes creating one id, exactly one succeeds. Thread-safe.
 */
public final class PostgresExperimentStore implements ExperimentStore {
    private static final String COLUMNS = "experiment_id, name, status, definition, created_at, started_at, stopped_at";
    private final PostgresDatabase db;

    public PostgresExperimentStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void create(ExperimentRecord e) {
        Objects.requireNonNull(e, "experiment");
        db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO experiments (shop_id, " + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (shop_id, experiment_id) DO NOTHING")) {
                p.setString(1, e.shop().value());
                p.setString(2, e.id());
                p.setString(3, e.name());
                p.setString(4, e.status().wireName());
                p.setString(5, e.definition());
                p.setLong(6, Micros.toMicros(e.createdAt()));
                Sql.setNullableInstant(p, 7, e.startedAt());
                Sql.setNullableInstant(p, 8, e.stoppedAt());
                if (p.executeUpdate() == 0) {
                    throw new IllegalStateException("experiment '" + e.id() + "' already exists in shop " + e.shop());
                }
            }
            return null;
        });
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
                Sql.setNullableInstant(p, 2, e.startedAt());
                Sql.setNullableInstant(p, 3, e.stoppedAt());
                p.setString(4, e.shop().value());
                p.setString(5, e.id());
                return p.executeUpdate() > 0;
            }
        });
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
                Micros.fromMicros(rs.getLong("created_at")), Sql.getNullableInstant(rs, "started_at"),
                Sql.getNullableInstant(rs, "stopped_at"));
    }
}
