package org.shoptide.postgres;

import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.testing.contract.IdempotencyStoreContract;

class PostgresIdempotencyStoreTest extends PostgresTestBase implements IdempotencyStoreContract {
    @Override
    public IdempotencyStore idempotencyStore() {
        return new PostgresIdempotencyStore(db);
    }
}
