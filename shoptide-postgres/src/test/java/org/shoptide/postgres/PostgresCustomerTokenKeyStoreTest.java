package org.shoptide.postgres;

import org.shoptide.core.port.CustomerTokenKeyStore;
import org.shoptide.testing.contract.CustomerTokenKeyStoreContract;

class PostgresCustomerTokenKeyStoreTest extends PostgresTestBase implements CustomerTokenKeyStoreContract {
    @Override
    public CustomerTokenKeyStore customerTokenKeyStore() {
        return new PostgresCustomerTokenKeyStore(db);
    }
}
