package org.shoptide.redis;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.shoptide.core.port.Invalidations;
import org.shoptide.testing.contract.InvalidationsContract;

/** The invalidation contract against the test Redis: every node() is a connection of its own, as on another node. */
class RedisInvalidationsTest implements InvalidationsContract {
    private Redis first;
    private final List<Redis> others = new ArrayList<>();
    private final List<RedisInvalidations> nodes = new ArrayList<>();

    @BeforeEach
    void connect() {
        first = RedisTestSupport.connect("invalidations");
    }

    @AfterEach
    void clean() {
        nodes.forEach(RedisInvalidations::close);
        others.forEach(Redis::close);
        RedisTestSupport.clean(first);
    }

    @Override
    public Invalidations node() {
        Redis r = nodes.isEmpty() ? first : RedisTestSupport.another(first);
        if (r != first) {
            others.add(r);
        }
        RedisInvalidations n = new RedisInvalidations(r);
        nodes.add(n);
        return n;
    }
}
