package org.shoptide.testing.fake;

import org.junit.jupiter.api.Nested;
import org.shoptide.core.port.IdempotencyStore;
import org.shoptide.core.port.TradeStore;
import org.shoptide.testing.contract.IdempotencyStoreContract;
import org.shoptide.testing.contract.TradeStoreContract;

class InMemoryTradeStoresTest {
    @Nested
    class Trade implements TradeStoreContract {
        @Override
        public TradeStore tradeStore() {
            return new InMemoryTradeStore();
        }
    }

    @Nested
    class Idempotency implements IdempotencyStoreContract {
        @Override
        public IdempotencyStore idempotencyStore() {
            return new InMemoryIdempotencyStore();
        }
    }
}
