package org.shoptide.postgres;

import java.time.Clock;
import org.shoptide.core.port.IdentityGraphStore;
import org.shoptide.testing.contract.IdentityGraphStoreContract;

class PostgresIdentityGraphStoreTest extends PostgresTestBase implements IdentityGraphStoreContract {
    @Override
    public IdentityGraphStore identityGraphStore() {
        return new PostgresIdentityGraphStore(db, Clock.systemUTC());
    }
}
