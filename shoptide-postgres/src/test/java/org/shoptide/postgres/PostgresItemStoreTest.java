package org.shoptide.postgres;

import java.time.Clock;
import org.shoptide.core.port.ItemStore;
import org.shoptide.testing.contract.ItemStoreContract;

class PostgresItemStoreTest extends PostgresTestBase implements ItemStoreContract {
    @Override
    public ItemStore itemStore() {
        return new PostgresItemStore(db, Clock.systemUTC());
    }
}
