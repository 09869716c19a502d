package org.shoptide.embedded.ratelimit;

import org.shoptide.core.port.RateLimitStore;
import org.shoptide.testing.contract.RateLimitStoreContract;
import org.shoptide.testing.fake.MutableClock;

class InMemoryRateLimitStoreTest implements RateLimitStoreContract {
    @Override
    public RateLimitStore rateLimits(MutableClock clock) {
        return new InMemoryRateLimitStore(clock);
    }
}
