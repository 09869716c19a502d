package org.shoptide.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.shoptide.core.port.RateLimitStore;
import org.shoptide.testing.contract.RateLimitStoreContract;
import org.shoptide.testing.fake.MutableClock;

/** The rate limit contract against the test Redis, each test under its own key prefix. */
class RedisRateLimitStoreTest implements RateLimitStoreContract {
    private Redis redis;

    @BeforeEach
    void connect() {
        redis = RedisTestSupport.connect("rate-limits");
    }

    @AfterEach
    void clean() {
        RedisTestSupport.clean(redis);
    }

    @Override
    public RateLimitStore rateLimits(MutableClock clock) {
        return new RedisRateLimitStore(redis, clock);
    }
}
