package org.shoptide.postgres;

import java.time.Clock;
import org.shoptide.core.port.UserStore;
import org.shoptide.testing.contract.UserStoreContract;

class PostgresUserStoreTest extends PostgresTestBase implements UserStoreContract {
    @Override
    public UserStore userStore() {
        return new PostgresUserStore(db, Clock.systemUTC());
    }
}
