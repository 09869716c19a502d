package org.shoptide.postgres;

import org.shoptide.core.port.PriceHistoryStore;
import org.shoptide.testing.contract.PriceHistoryStoreContract;

class PostgresPriceHistoryStoreTest extends PostgresTestBase implements PriceHistoryStoreContract {
    @Override
    public PriceHistoryStore priceHistoryStore() {
        return new PostgresPriceHistoryStore(db);
    }
}
