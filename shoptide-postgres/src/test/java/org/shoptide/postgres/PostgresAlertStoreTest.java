package org.shoptide.postgres;

import org.shoptide.core.port.AlertStore;
import org.shoptide.testing.contract.AlertStoreContract;

class PostgresAlertStoreTest extends PostgresTestBase implements AlertStoreContract {
    @Override
    public AlertStore alertStore() {
        return new PostgresAlertStore(db);
    }
}
