package org.shoptide.server.admin.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.shoptide.core.port.AdminAccountStore;
import org.shoptide.core.port.AdminAccountStore.AdminAccount;
import org.shoptide.core.port.AdminAccountStore.LoginThrottle;

/**
 * Operator accounts and their login: creation with a validated username and an Argon2id hash, and password checks with
 * a lockout after {@code lockoutFailures} failures within {@code window}, lasting {@code lockout}. The throttle is kept
 * per username in the store (so a restart does not reset it) whether or not that account exists, and an unknown
 * username costs one hash computation like a known one: answers and timing do not reveal which usernames exist.
 */
public final class AdminAccounts {
    /** Letters, digits and {@code . _ @ -}, 1 to 64 characters. */
    public static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    public static final int MIN_PASSWORD = 12;
    public static final int MAX_PASSWORD = 1024;

    private final AdminAccountStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final int lockoutFailures;
    private final Duration window;
    private final Duration lockout;
    /** Verified against when the username is unknown, so both paths cost the same. */
    private final String decoyHash;

    /** How a login attempt ended. */
    public enum Status {
        OK, INVALID, LOCKED
    }

    /** Outcome of {@link #login}: the account when OK; when the username is locked, until when. */
    public record LoginResult(Status status, AdminAccount account, Instant lockedUntil) {
    }

    public AdminAccounts(AdminAccountStore store, PasswordHasher hasher, Clock clock, int lockoutFailures,
            Duration window, Duration lockout) {
        this.store = Objects.requireNonNull(store, "store");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lockoutFailures < 1) {
            throw new IllegalArgumentException("lockoutFailures must be >= 1, got " + lockoutFailures);
        }
        this.lockoutFailures = lockoutFailures;
        this.window = Objects.requireNonNull(window, "window");
        this.lockout = Objects.requireNonNull(lockout, "lockout");
        this.decoyHash = hasher.hash(Tokens.random256());
    }

    /**
     * Creates an account.
     *
     * @throws IllegalArgumentException
     *             when the username or password is not acceptable, or the username is taken
     */
    public AdminAccount create(String username, String password) {
        requireUsername(username);
        requirePassword(password);
        AdminAccount account = new AdminAccount(username, hasher.hash(password), clock.instant());
        if (!store.create(account)) {
            throw new IllegalArgumentException("an operator account named '" + username + "' already exists");
        }
        return account;
    }

    /**
     * Sets a new password for an existing account (keeping its creation time) and clears its failed-login throttle;
     * false when there is no such account. The caller ends the account's sessions.
     *
     * @throws IllegalArgumentException
     *             when the password is not acceptable
     */
    public boolean resetPassword(String username, String password) {
        requireUsername(username);
        requirePassword(password);
        var existing = store.find(username);
        if (existing.isEmpty()) {
            return false;
        }
        store.delete(username);
        store.create(new AdminAccount(username, hasher.hash(password), existing.get().createdAt()));
        store.saveThrottle(username, LoginThrottle.CLEAR);
        return true;
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw new IllegalArgumentException(
                    "the password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
    }

    public List<AdminAccount> list() {
        return store.list();
    }

    public boolean delete(String username) {
        return store.delete(username);
    }

    /** Checks a login attempt and updates the username's throttle. */
    public LoginResult login(String username, String password) {
        Instant now = clock.instant();
        if (username == null || password == null || !USERNAME.matcher(username).matches()
                || password.length() > MAX_PASSWORD) {
            hasher.verify("", decoyHash);
            return new LoginResult(Status.INVALID, null, null);
        }
        LoginThrottle throttle = store.throttle(username);
        if (throttle.lockedAt(now)) {
            return new LoginResult(Status.LOCKED, null, throttle.lockedUntil());
        }
        var account = store.find(username);
        boolean ok = hasher.verify(password, account.map(AdminAccount::passwordHash).orElse(decoyHash))
                && account.isPresent();
        if (ok) {
            if (!throttle.equals(LoginThrottle.CLEAR)) {
                store.saveThrottle(username, LoginThrottle.CLEAR);
            }
            return new LoginResult(Status.OK, account.get(), null);
        }
        boolean windowOpen = throttle.windowStart() != null && now.isBefore(throttle.windowStart().plus(window));
        int failures = windowOpen ? throttle.failures() + 1 : 1;
        Instant windowStart = windowOpen ? throttle.windowStart() : now;
        if (failures >= lockoutFailures) {
            store.saveThrottle(username, new LoginThrottle(0, null, now.plus(lockout)));
        } else {
            store.saveThrottle(username, new LoginThrottle(failures, windowStart, null));
        }
        return new LoginResult(Status.INVALID, null, null);
    }

    public static void requireUsername(String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "the username must be 1 to 64 characters of letters, digits, '.', '_', '@' or '-'");
        }
    }
}
