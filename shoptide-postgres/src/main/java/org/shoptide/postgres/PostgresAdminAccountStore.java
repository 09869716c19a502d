package org.shoptide.postgres;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.AdminAccountStore;
import org.shoptide.core.store.Micros;

/**
 * {@link AdminAccountStore} on the {@code admin_accounts} and {@code admin_login_throttle} tables. Each write is one
 * {@code INSERT ... ON CONFLICT} or {@code DELETE}, atomic across nodes. Thread-safe.
 */
public final class PostgresAdminAccountStore implements AdminAccountStore {
    private final PostgresDatabase db;

    public PostgresAdminAccountStore(PostgresDatabase db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public boolean create(AdminAccount account) {
        Objects.requireNonNull(account, "account");
        return db.write(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO admin_accounts (username, password_hash, created_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (username) DO NOTHING")) {
                p.setString(1, account.username());
                p.setString(2, account.passwordHash());
                p.setLong(3, Micros.toMicros(account.createdAt()));
                return p.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<AdminAccount> find(String username) {
        Objects.requireNonNull(username, "username");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT username, password_hash, created_at FROM admin_accounts WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(account(rs)) : Optional.<AdminAccount> empty();
                }
            }
        });
    }

    @Override
    public List<AdminAccount> list() {
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT username, password_hash, created_at FROM admin_accounts ORDER BY username");
                    ResultSet rs = p.executeQuery()) {
                List<AdminAccount> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(account(rs));
                }
                return out;
            }
        });
    }

    @Override
    public boolean delete(String username) {
        Objects.requireNonNull(username, "username");
        return db.write(c -> {
            try (PreparedStatement t = c.prepareStatement("DELETE FROM admin_login_throttle WHERE username = ?");
                    PreparedStatement a = c.prepareStatement("DELETE FROM admin_accounts WHERE username = ?")) {
                t.setString(1, username);
                t.executeUpdate();
                a.setString(1, username);
                return a.executeUpdate() == 1;
            }
        });
    }

    @Override
    public LoginThrottle throttle(String username) {
        Objects.requireNonNull(username, "username");
        return db.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT failures, window_start, locked_until FROM admin_login_throttle WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return LoginThrottle.CLEAR;
                    }
                    return new LoginThrottle(rs.getInt("failures"), Sql.getNullableInstant(rs, "window_start"),
                            Sql.getNullableInstant(rs, "locked_until"));
                }
            }
        });
    }

    @Override
    public void saveThrottle(String username, LoginThrottle throttle) {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(throttle, "throttle");
        db.write(c -> {
            if (throttle.equals(LoginThrottle.CLEAR)) {
                try (PreparedStatement p = c.prepareStatement("DELETE FROM admin_login_throttle WHERE username = ?")) {
                    p.setString(1, username);
                    p.executeUpdate();
                }
                return null;
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO admin_login_throttle (username, failures, window_start, locked_until)"
                            + " VALUES (?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET failures = excluded.failures,"
                            + " window_start = excluded.window_start, locked_until = excluded.locked_until")) {
                p.setString(1, username);
                p.setInt(2, throttle.failures());
                Sql.setNullableInstant(p, 3, throttle.windowStart());
                Sql.setNullableInstant(p, 4, throttle.lockedUntil());
                p.executeUpdate();
            }
            return null;
        });
    }

    private static AdminAccount account(ResultSet rs) throws SQLException {
        return new AdminAccount(rs.getString(1), rs.getString(2), Micros.fromMicros(rs.getLong(3)));
    }
}
