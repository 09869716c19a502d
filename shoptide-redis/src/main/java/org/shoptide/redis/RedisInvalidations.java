package org.shoptide.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.shoptide.core.port.Invalidations;
import org.shoptide.core.port.StoreException;

/**
 * {@link Invalidations} over Redis pub/sub: topic {@code t} is channel {@code {prefix}inv:t}; a subscription to a
 * prefix is a PSUBSCRIBE of that prefix (glob characters escaped) followed by {@code *}, on one pub/sub connection of
 * its own (a subscribed connection can do nothing else); messages are published on the shared command connection.
 * <p>
 * Redis pub/sub keeps nothing for a subscriber that is away. Lettuce reconnects and subscribes again by itself; the
 * confirmation of such a renewed subscription tells this class that messages may have been lost meanwhile, and it calls
 * {@link Listener#missed()} on that pattern's listeners. Messages are delivered on Lettuce's I/O thread.
 */
public final class RedisInvalidations implements Invalidations, AutoCloseable {
    private final Redis redis;
    private final String channelPrefix;
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private final Map<String, List<Sub>> byPattern = new ConcurrentHashMap<>();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

    private record Sub(String pattern, Listener listener) {
    }

    /** Opens the pub/sub connection; the command connection stays the caller's. */
    public RedisInvalidations(Redis redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.channelPrefix = redis.prefix() + "inv:";
        try {
            this.pubsub = redis.client().connectPubSub(Redis.CODEC);
        } catch (RedisException e) {
            throw new StoreException("cannot open a Redis pub/sub connection for " + redis + ": " + e.getMessage(), e);
        }
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, byte[] message) {
                String topic = channel.substring(channelPrefix.length());
                String text = new String(message, StandardCharsets.UTF_8);
                for (Sub s : byPattern.getOrDefault(pattern, List.of())) {
                    s.listener().invalidated(topic, text);
                }
            }

            @Override
            public void psubscribed(String pattern, long count) {
                if (!confirmed.add(pattern)) {
                    // renewed after a reconnect: whatever was published meanwhile is lost
                    for (Sub s : byPattern.getOrDefault(pattern, List.of())) {
                        s.listener().missed();
                    }
                }
            }
        });
    }

    @Override
    public void publish(String topic, String message) {
        Invalidations.checkTopic(topic);
        Objects.requireNonNull(message, "message");
        redis.call("publish an invalidation",
                () -> redis.sync().publish(channelPrefix + topic, message.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public synchronized Subscription subscribe(String topicPrefix, Listener listener) {
        Invalidations.checkTopic(topicPrefix);
        Objects.requireNonNull(listener, "listener");
        String pattern = escapeGlob(channelPrefix + topicPrefix) + "*";
        Sub sub = new Sub(pattern, listener);
        List<Sub> subs = byPattern.computeIfAbsent(pattern, p -> new CopyOnWriteArrayList<>());
        subs.add(sub);
        if (subs.size() == 1) {
            try {
                redis.call("subscribe to invalidations", () -> {
                    pubsub.sync().psubscribe(pattern);
                    return null;
                });
            } catch (StoreException e) {
                subs.remove(sub);
                throw e;
            }
        }
        return () -> unsubscribe(sub);
    }

    private synchronized void unsubscribe(Sub sub) {
        List<Sub> subs = byPattern.get(sub.pattern());
        if (subs == null || !subs.remove(sub) || !subs.isEmpty()) {
            return;
        }
        byPattern.remove(sub.pattern());
        confirmed.remove(sub.pattern());
        try {
            pubsub.sync().punsubscribe(sub.pattern());
        } catch (RedisException e) {
            // not connected: the renewed subscriptions after a reconnect no longer include this pattern
        }
    }

    /** Escapes Redis glob characters so a prefix matches literally. */
    static String escapeGlob(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c == '^') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    @Override
    public void close() {
        pubsub.close();
    }
}
