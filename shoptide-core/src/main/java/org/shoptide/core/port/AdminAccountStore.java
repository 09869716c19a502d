package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Operator accounts of the dashboard at {@code /admin} and their login throttle. The store keeps password hashes as
 * opaque, self-describing strings (the server encodes algorithm, parameters and salt in them); it never sees a
 * plaintext password. Contract: {@code AdminAccountStoreContract} in shoptide-testing.
 * <ul>
 * <li>Usernames are unique and compared exactly (case-sensitive).
 * <li>A throttle row is kept per username whether or not an account of that name exists, so that refusing an unknown
 * user looks exactly like refusing a known one; it survives restarts.
 * <li>An acknowledged write is durable and atomic.
 * </ul>
 */
public interface AdminAccountStore {

    /** Stores a new account; false (and nothing changes) when the username is taken. */
    boolean create(AdminAccount account);

    Optional<AdminAccount> find(String username);

    /** All accounts, ordered by username. */
    List<AdminAccount> list();

    /** Deletes the account and its throttle row; false when there was no such account. */
    boolean delete(String username);

    /** The login throttle of a username; {@link LoginThrottle#CLEAR} when none is stored. */
    LoginThrottle throttle(String username);

    /** Replaces the throttle of a username ({@link LoginThrottle#CLEAR} removes it). */
    void saveThrottle(String username, LoginThrottle throttle);

    /** An operator account. */
    record AdminAccount(String username, String passwordHash, Instant createdAt) {
        public AdminAccount {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(passwordHash, "passwordHash");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /**
     * Failed logins of a username: {@code failures} counted since {@code windowStart}; while {@code lockedUntil} is in
     * the future every login of that username is refused.
     */
    record LoginThrottle(int failures, Instant windowStart, Instant lockedUntil) {
        public static final LoginThrottle CLEAR = new LoginThrottle(0, null, null);

        public LoginThrottle {
            if (failures < 0) {
                throw new IllegalArgumentException("failures must be >= 0, got " + failures);
            }
            if (failures > 0 && windowStart == null) {
                throw new IllegalArgumentException("failures need the start of their window");
            }
        }

        public boolean lockedAt(Instant now) {
            return lockedUntil != null && now.isBefore(lockedUntil);
        }
    }
}
