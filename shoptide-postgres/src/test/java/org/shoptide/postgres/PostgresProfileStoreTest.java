package org.shoptide.postgres;

import org.shoptide.core.port.ProfileStore;
import org.shoptide.testing.contract.ProfileStoreContract;

class PostgresProfileStoreTest extends PostgresTestBase implements ProfileStoreContract {
    @Override
    public ProfileStore profileStore() {
        return new PostgresProfileStore(db);
    }
}
