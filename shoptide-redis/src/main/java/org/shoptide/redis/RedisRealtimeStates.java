package org.shoptide.redis;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.shop.ShopId;

/**
 * The {@code redis://} realtime adapter: opens a {@link RedisRealtimeState} per shop over one shared connection, keys
 * namespaced by the connection's prefix and the shop. Closing it closes the connection when it owns it.
 */
public final class RedisRealtimeStates implements RealtimeState.Factory, AutoCloseable {
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
