package org.shoptide.postgres;

import org.shoptide.core.port.TradeStore;
import org.shoptide.testing.contract.TradeStoreContract;

class PostgresTradeStoreTest extends PostgresTestBase implements TradeStoreContract {
    @Override
    public TradeStore tradeStore() {
        return new PostgresTradeStore(db);
    }
}
