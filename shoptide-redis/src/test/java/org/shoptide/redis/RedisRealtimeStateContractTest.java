package org.shoptide.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.testing.contract.RealtimeStateContract;

/** The realtime contract against the test Redis, each test under its own key prefix. */
class RedisRealtimeStateContractTest implements RealtimeStateContract {
    private Redis redis;

    @BeforeEach
    void connect() {
        redis = RedisTestSupport.connect("realtime-contract");
    }

    @AfterEach
    void clean() {
        RedisTestSupport.clean(redis);
    }

    @Override
    public RealtimeState.Factory realtimeStates() {
        return new RedisRealtimeStates(redis);
    }
}
