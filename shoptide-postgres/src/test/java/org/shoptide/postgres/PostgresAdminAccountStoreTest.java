package org.shoptide.postgres;

import org.shoptide.core.port.AdminAccountStore;
import org.shoptide.testing.contract.AdminAccountStoreContract;

class PostgresAdminAccountStoreTest extends PostgresTestBase implements AdminAccountStoreContract {
    @Override
    public AdminAccountStore adminAccountStore() {
        return new PostgresAdminAccountStore(db);
    }
}
