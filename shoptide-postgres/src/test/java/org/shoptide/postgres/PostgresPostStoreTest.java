package org.shoptide.postgres;

import org.shoptide.core.port.PostStore;
import org.shoptide.testing.contract.PostStoreContract;

class PostgresPostStoreTest extends PostgresTestBase implements PostStoreContract {
    @Override
    public PostStore postStore() {
        return new PostgresPostStore(db);
    }
}
