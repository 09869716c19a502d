package org.shoptide.postgres;

import org.shoptide.core.port.ExperimentStore;
import org.shoptide.testing.contract.ExperimentStoreContract;

class PostgresExperimentStoreTest extends PostgresTestBase implements ExperimentStoreContract {
    @Override
    public ExperimentStore experimentStore() {
        return new PostgresExperimentStore(db);
    }
}
