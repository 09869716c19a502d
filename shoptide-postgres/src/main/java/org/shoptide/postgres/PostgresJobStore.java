package org.shoptide.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.job.JobOutcome;
import org.shoptide.core.job.JobRun;
import org.shoptide.core.job.JobRunQuery;
import org.shoptide.core.job.JobState;
import org.shoptide.core.job.JobTrigger;
import org.shoptide.core.job.NewJobRun;
import org.shoptide.core.port.JobStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.store.Micros;

/**
 * {@link JobStore} on the {@code job_runs} table (Flyway V10), shared by the nodes of a cluster. Every state change is
 * one conditional {@code UPDATE ... WHERE id = ? AND state = ...} in a READ COMMITTED transaction: a second node
 * updating the same row waits for the first one's row lock, re-checks the condition on the committed row and matches
 * nothing, so a run is claimed, finished or recovered once. A finish or recovery and its retry insert share one
 * transaction; scheduled slots are inserted with {@code ON CONFLICT (dedupe_key) DO NOTHING}. Thread-safe.
 */
public final class PostgresJobStore implements JobStore {
    static final String COLUMNS = "id, kind, shop_id, trigger_type, state, attempt, scheduled_at, started_at,"
            + " ended_at, error, result, owner, heartbeat_at, cancel_requested";

    private final PostgresDatabase db;

    public PostgresJobStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public JobRun enqueue(NewJobRun run) {
        return db.write(c -> insert(c, run, false)).orElseThrow();
    }

    @Override
    public Optional<JobRun> enqueueOnce(NewJobRun run) {
        return db.write(c -> insert(c, run, true));
    }

    private static Optional<JobRun> insert(Connection c, NewJobRun run, boolean once) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO job_runs (kind, shop_id, trigger_type, state,"
                + " attempt, scheduled_at, dedupe_key) VALUES (?, ?, ?, 'queued', ?, ?, ?)"
                + " ON CONFLICT (dedupe_key) DO NOTHING RETURNING " + COLUMNS)) {
            p.setString(1, run.kind());
            Sql.setNullableString(p, 2, run.shop() == null ? null : run.shop().value());
            p.setString(3, run.trigger().wire());
            p.setInt(4, run.attempt());
            p.setLong(5, Micros.toMicros(run.scheduledAt()));
            Sql.setNullableString(p, 6, once ? dedupeKey(run) : null);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    /** The slot key of a run enqueued once: kind, trigger, shop (empty when none) and scheduled micros. */
    static String dedupeKey(NewJobRun run) {
        return run.kind() + '|' + run.trigger().wire() + '|' + (run.shop() == null ? "" : run.shop().value()) + '|'
                + Micros.toMicros(run.scheduledAt());
    }

    @Override
    public Optional<JobRun> find(long id) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM job_runs WHERE id = ?")) {
                p.setLong(1, id);
                return first(p);
            }
        });
    }

    @Override
    public List<JobRun> list(JobRunQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM job_runs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (q.kind() != null) {
            sql.append(" AND kind = ?");
            args.add(q.kind());
        }
        if (q.shop() != null) {
            sql.append(" AND shop_id = ?");
            args.add(q.shop().value());
        }
        if (q.state() != null) {
            sql.append(" AND state = ?");
            args.add(q.state().wire());
        }
        if (q.beforeId() != null) {
            sql.append(" AND id < ?");
            args.add(q.beforeId());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(q.limit());
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    p.setObject(i + 1, args.get(i));
                }
                return all(p);
            }
        });
    }

    @Override
    public List<JobRun> active() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM job_runs WHERE state IN ('queued', 'running') ORDER BY id")) {
                return all(p);
            }
        });
    }

    @Override
    public Optional<Instant> lastScheduledAt(String kind, ShopId shop) {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT MAX(scheduled_at) FROM job_runs WHERE kind = ? AND"
                    + " trigger_type = 'schedule' AND " + (shop == null ? "shop_id IS NULL" : "shop_id = ?"))) {
                p.setString(1, kind);
                if (shop != null) {
                    p.setString(2, shop.value());
                }
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Instant> empty() : Optional.of(Micros.fromMicros(v));
                }
            }
        });
    }

    @Override
    public Map<String, Instant> lastSuccess() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT kind, MAX(ended_at) FROM job_runs WHERE state = 'succeeded' GROUP BY kind");
                    ResultSet rs = p.executeQuery()) {
                Map<String, Instant> out = new HashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), Micros.fromMicros(rs.getLong(2)));
                }
                return out;
            }
        });
    }

    @Override
    public Optional<JobRun> claim(long id, String owner, Instant now) {
        Objects.requireNonNull(owner, "owner");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE job_runs SET state = 'running', owner = ?,"
                    + " started_at = ?, heartbeat_at = ? WHERE id = ? AND state = 'queued' RETURNING " + COLUMNS)) {
                p.setString(1, owner);
                p.setLong(2, Micros.toMicros(now));
                p.setLong(3, Micros.toMicros(now));
                p.setLong(4, id);
                return first(p);
            }
        });
    }

    @Override
    public int heartbeat(String owner, Instant now) {
        return db.write(c -> {
            try (PreparedStatement p = c
                    .prepareStatement("UPDATE job_runs SET heartbeat_at = ? WHERE owner = ? AND state = 'running'")) {
                p.setLong(1, Micros.toMicros(now));
                p.setString(2, owner);
                return p.executeUpdate();
            }
        });
    }

    @Override
    public boolean finish(long id, String owner, JobOutcome outcome, Instant now, NewJobRun retry) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE job_runs SET state = ?, error = ?, result = ?,"
                    + " ended_at = ? WHERE id = ? AND state = 'running' AND owner = ?")) {
                bindOutcome(p, outcome, now);
                p.setLong(5, id);
                p.setString(6, owner);
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            if (retry != null) {
                insert(c, retry, false);
            }
            return true;
        });
    }

    @Override
    public boolean abandon(long id, Instant heartbeatBefore, JobOutcome outcome, Instant now, NewJobRun retry) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE job_runs SET state = ?, error = ?, result = ?,"
                    + " ended_at = ? WHERE id = ? AND state = 'running' AND heartbeat_at < ?")) {
                bindOutcome(p, outcome, now);
                p.setLong(5, id);
                p.setLong(6, Micros.toMicros(heartbeatBefore));
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            if (retry != null) {
                insert(c, retry, false);
            }
            return true;
        });
    }

    private static void bindOutcome(PreparedStatement p, JobOutcome outcome, Instant now) throws SQLException {
        p.setString(1, outcome.state().wire());
        Sql.setNullableString(p, 2, outcome.error());
        Sql.setNullableString(p, 3, outcome.result());
        p.setLong(4, Micros.toMicros(now));
    }

    @Override
    public Optional<JobRun> cancel(long id, String reason, Instant now) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE job_runs SET state = 'cancelled', error = ?,"
                    + " ended_at = ? WHERE id = ? AND state = 'queued'")) {
                p.setString(1, reason);
                p.setLong(2, Micros.toMicros(now));
                p.setLong(3, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE job_runs SET cancel_requested = TRUE WHERE id = ? AND state = 'running'")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM job_runs WHERE id = ?")) {
                p.setLong(1, id);
                return first(p);
            }
        });
    }

    @Override
    public int deleteEndedBefore(Instant before) {
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM job_runs WHERE ended_at IS NOT NULL AND ended_at < ? AND state IN ('succeeded',"
                            + " 'failed', 'cancelled')")) {
                p.setLong(1, Micros.toMicros(before));
                return p.executeUpdate();
            }
        });
    }

    private static Optional<JobRun> first(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static List<JobRun> all(PreparedStatement p) throws SQLException {
        List<JobRun> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(row(rs));
            }
        }
        return out;
    }

    private static JobRun row(ResultSet rs) throws SQLException {
        String shop = rs.getString("shop_id");
        return new JobRun(rs.getLong("id"), rs.getString("kind"), shop == null ? null : ShopId.of(shop),
                JobTrigger.fromWire(rs.getString("trigger_type")), JobState.fromWire(rs.getString("state")),
                rs.getInt("attempt"), Micros.fromMicros(rs.getLong("scheduled_at")), instant(rs, "started_at"),
                instant(rs, "ended_at"), rs.getString("error"), rs.getString("result"), rs.getString("owner"),
                instant(rs, "heartbeat_at"), rs.getBoolean("cancel_requested"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Micros.fromMicros(v);
    }
}
