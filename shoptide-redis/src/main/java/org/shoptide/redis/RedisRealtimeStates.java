package org.shoptide.redis;

import io.lettuce.core.RedisException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.shop.ShopId;

/**
 * The {@code redis://} realtime adapter: opens a {@link RedisRealtimeState} per shop over one shared connection, keys
 * namespaced by the connection's prefix and the shop. Closing it closes the connection when it owns it.
 */
public final class RedisRealtimeStates implements RealtimeState.Factory, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RedisRealtimeStates.class.getName());
    private final Redis redis;
    private final boolean owned;
    private final LuaScript apply = LuaScript.load("realtime-apply.lua");

    /** Over a connection the caller owns (and closes). */
    public RedisRealtimeStates(Redis redis) {
        this(redis, false);
    }

    private RedisRealtimeStates(Redis redis, boolean owned) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.owned = owned;
        warnUnlessNoEviction(redis);
    }

    /**
     * Evicting single keys would leave a state that claims an offset it no longer fully holds (ADR 0023), so the server
     * should run with {@code maxmemory-policy noeviction}. Managed servers may refuse CONFIG: then say nothing.
     */
    private static void warnUnlessNoEviction(Redis redis) {
        try {
            Map<String, String> policy = redis.sync().configGet("maxmemory-policy");
            String p = policy.get("maxmemory-policy");
            if (p != null && !p.equals("noeviction")) {
                LOG.log(Level.WARNING, "Redis " + redis + " runs with maxmemory-policy " + p
                        + ": evicted keys would corrupt the shared realtime state; use noeviction");
            }
        } catch (RedisException e) {
            LOG.log(Level.DEBUG, "cannot read maxmemory-policy of " + redis + ": " + e.getMessage());
        }
    }

    /**
     * Connects to {@code uri} ({@code redis://host:port[/db]?prefix=shoptide:}, see {@link Redis}) and owns the
     * connection.
     */
    public static RedisRealtimeStates open(String uri) {
        return new RedisRealtimeStates(Redis.connect(uri), true);
    }

    @Override
    public RealtimeState open(ShopId shop, RealtimeState.Limits limits, Function<String, List<String>> categoriesOf) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(categoriesOf, "categoriesOf");
        return new RedisRealtimeState(redis, apply, redis.prefix() + "{" + shop.value() + "}:rt:", limits,
                categoriesOf);
    }

    @Override
    public void close() {
        if (owned) {
            redis.close();
        }
    }
}
