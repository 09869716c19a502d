package org.shoptide.postgres;

import org.shoptide.core.port.PriceAlertStore;
import org.shoptide.testing.contract.PriceAlertStoreContract;

class PostgresPriceAlertStoreTest extends PostgresTestBase implements PriceAlertStoreContract {
    @Override
    public PriceAlertStore priceAlertStore() {
        return new PostgresPriceAlertStore(db);
    }
}
