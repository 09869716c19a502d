package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.AdminAccountStore;
import org.shoptide.core.port.AdminAccountStore.AdminAccount;
import org.shoptide.core.port.AdminAccountStore.LoginThrottle;

/**
 * Contract of {@link AdminAccountStore}. Implement {@link #adminAccountStore()} to return an empty store, fresh for
 * each test.
 */
public interface AdminAccountStoreContract {

    AdminAccountStore adminAccountStore();

    Instant T = Instant.parse("2026-03-01T10:15:30.123456Z");

    @Test
    default void createFindListDelete() {
        AdminAccountStore store = adminAccountStore();
        assertThat(store.list()).isEmpty();
        AdminAccount bob = new AdminAccount("bob", "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA", T);
        AdminAccount alice = new AdminAccount("alice", "$argon2id$v=19$m=8,t=1,p=1$c2FsdDI$aGFzaDI", T.plusSeconds(1));
        assertThat(store.create(bob)).isTrue();
        assertThat(store.create(alice)).isTrue();
        assertThat(store.find("bob")).contains(bob);
        assertThat(store.find("Bob")).as("usernames are case-sensitive").isEmpty();
        assertThat(store.list()).containsExactly(alice, bob);
        assertThat(store.delete("bob")).isTrue();
        assertThat(store.delete("bob")).isFalse();
        assertThat(store.find("bob")).isEmpty();
        assertThat(store.list()).containsExactly(alice);
    }

    @Test
    default void aTakenUsernameIsNotOverwritten() {
        AdminAccountStore store = adminAccountStore();
        AdminAccount first = new AdminAccount("ops", "hash-1", T);
        assertThat(store.create(first)).isTrue();
        assertThat(store.create(new AdminAccount("ops", "hash-2", T.plusSeconds(5)))).isFalse();
        assertThat(store.find("ops")).contains(first);
    }

    @Test
    default void throttleIsKeptPerUsernameEvenWithoutAnAccount() {
        AdminAccountStore store = adminAccountStore();
        assertThat(store.throttle("nobody")).isEqualTo(LoginThrottle.CLEAR);
        LoginThrottle t = new LoginThrottle(3, T, null);
        store.saveThrottle("nobody", t);
        assertThat(store.throttle("nobody")).isEqualTo(t);
        assertThat(store.throttle("somebody")).isEqualTo(LoginThrottle.CLEAR);
        LoginThrottle locked = new LoginThrottle(5, T, T.plusSeconds(900));
        store.saveThrottle("nobody", locked);
        assertThat(store.throttle("nobody")).isEqualTo(locked);
        assertThat(store.throttle("nobody").lockedAt(T.plusSeconds(899))).isTrue();
        assertThat(store.throttle("nobody").lockedAt(T.plusSeconds(900))).isFalse();
        store.saveThrottle("nobody", LoginThrottle.CLEAR);
        assertThat(store.throttle("nobody")).isEqualTo(LoginThrottle.CLEAR);
    }

    @Test
    default void deletingAnAccountClearsItsThrottle() {
        AdminAccountStore store = adminAccountStore();
        store.create(new AdminAccount("ops", "h", T));
        store.saveThrottle("ops", new LoginThrottle(2, T, null));
        store.delete("ops");
        assertThat(store.throttle("ops")).isEqualTo(LoginThrottle.CLEAR);
    }
}
