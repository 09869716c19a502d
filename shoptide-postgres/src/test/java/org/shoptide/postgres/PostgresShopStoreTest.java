package org.shoptide.postgres;

import org.shoptide.core.port.ShopStore;
import org.shoptide.testing.contract.ShopStoreContract;

class PostgresShopStoreTest extends PostgresTestBase implements ShopStoreContract {
    @Override
    public ShopStore shopStore() {
        return new PostgresShopStore(db);
    }
}
