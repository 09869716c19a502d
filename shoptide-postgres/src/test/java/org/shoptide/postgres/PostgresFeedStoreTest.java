package org.shoptide.postgres;

import org.shoptide.core.port.FeedStore;
import org.shoptide.testing.contract.FeedStoreContract;

class PostgresFeedStoreTest extends PostgresTestBase implements FeedStoreContract {
    @Override
    public FeedStore feedStore() {
        return new PostgresFeedStore(db);
    }
}
