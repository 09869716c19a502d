package org.shoptide.testing.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.shoptide.core.port.AdminAccountStore;

/** Thread-safe in-memory {@link AdminAccountStore} for tests. */
public final class InMemoryAdminAccountStore implements AdminAccountStore {
    private final Map<String, AdminAccount> accounts = new TreeMap<>();
    private final Map<String, LoginThrottle> throttles = new HashMap<>();

    @Override
    public synchronized boolean create(AdminAccount account) {
        return accounts.putIfAbsent(account.username(), account) == null;
    }

    @Override
    public synchronized Optional<AdminAccount> find(String username) {
        return Optional.ofNullable(accounts.get(username));
    }

    @Override
    public synchronized List<AdminAccount> list() {
        return new ArrayList<>(accounts.values());
    }

    @Override
    public synchronized boolean delete(String username) {
        throttles.remove(username);
        return accounts.remove(username) != null;
    }

    @Override
    public synchronized LoginThrottle throttle(String username) {
        return throttles.getOrDefault(username, LoginThrottle.CLEAR);
    }

    @Override
    public synchronized void saveThrottle(String username, LoginThrottle throttle) {
        if (throttle.equals(LoginThrottle.CLEAR)) {
            throttles.remove(username);
        } else {
            throttles.put(username, throttle);
        }
    }
}
