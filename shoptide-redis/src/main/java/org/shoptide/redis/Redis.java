package org.shoptide.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.shoptide.core.port.StoreException;

/**
 * One Redis server as the Redis adapters use it: a Lettuce client, one shared connection (thread-safe; commands of all
 * threads are pipelined on it) and the key prefix that namespaces everything Shoptide writes.
 * <p>
 * Opened from {@code redis://[user:password@]host:port[/db][?prefix=shoptide:&timeout=2s]} ({@code rediss://} for TLS):
 * {@code prefix} (default {@code shoptide:}) starts every key and channel name, {@code timeout} (default 2 s) bounds
 * every command and the connect. Unknown parameters are refused. When the server is unreachable commands fail at once
 * with a {@link StoreException} (they are not queued); the connection reconnects by itself, retrying at most every
 * second, and calls succeed again as soon as it is back.
 */
public final class Redis implements AutoCloseable {
    /** Values are raw bytes (profiles are a binary format); keys, channel names and script arguments UTF-8. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final String where;
    private final String prefix;
    private final Duration timeout;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;

    private Redis(RedisURI uri, String prefix, Duration timeout) {
        this.where = uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase();
        this.prefix = prefix;
        this.timeout = timeout;
        this.resources = ClientResources.builder()
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout)).build());
        try {
            this.connection = client.connect(CODEC);
        } catch (RedisException e) {
            close();
            throw new StoreException("cannot connect to Redis at " + where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to the server named by {@code uri} (see the class comment).
     *
     * @throws IllegalArgumentException
     *             when the URI is malformed or has unknown parameters
     * @throws StoreException
     *             when the server cannot be reached
     */
    public static Redis connect(String uri) {
        Objects.requireNonNull(uri, "redis uri must not be null");
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "malformed Redis URI (expected redis://host:port[/db]?prefix=…): " + e.getMessage(), e);
        }
        String scheme = u.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw new IllegalArgumentException("a Redis URI starts with redis:// or rediss://, got scheme " + scheme);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("a Redis URI needs a host: redis://host:port[/db]");
        }
        RedisURI.Builder b = RedisURI.builder().withHost(u.getHost()).withPort(u.getPort() < 0 ? 6379 : u.getPort())
                .withSsl("rediss".equals(scheme));
        String path = u.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                b.withDatabase(Integer.parseInt(path.substring(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the path of a Redis URI is the database number, got " + path, e);
            }
        }
        if (u.getRawUserInfo() != null) {
            String[] up = u.getRawUserInfo().split(":", 2);
            String user = URLDecoder.decode(up[0], StandardCharsets.UTF_8);
            char[] password = up.length > 1 ? URLDecoder.decode(up[1], StandardCharsets.UTF_8).toCharArray()
                    : new char[0];
            if (user.isEmpty()) {
                b.withPassword(password);
            } else {
                b.withAuthentication(user, password);
            }
        }
        String prefix = "shoptide:";
        Duration timeout = Duration.ofSeconds(2);
        if (u.getRawQuery() != null) {
            for (String pair : u.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                switch (key) {
                    case "prefix" -> prefix = value;
                    case "timeout" -> timeout = parseDuration(value);
                    default -> throw new IllegalArgumentException(
                            "unknown Redis URI parameter '" + key + "' (known: prefix, timeout)");
                }
            }
        }
        b.withTimeout(timeout);
        return new Redis(b.build(), prefix, timeout);
    }

    private static Duration parseDuration(String v) {
        try {
            if (v.endsWith("ms")) {
                return positive(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))));
            }
            if (v.endsWith("s")) {
                return positive(Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1))));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Redis timeout must look like 2s or 500ms, got '" + v + "'", e);
        }
        throw new IllegalArgumentException("Redis timeout must look like 2s or 500ms, got '" + v + "'");
    }

    private static Duration positive(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("Redis timeout must be positive, got " + d);
        }
        return d;
    }

    /** What every key and channel name starts with. */
    public String prefix() {
        return prefix;
    }

    /** Bound of every command. */
    public Duration timeout() {
        return timeout;
    }

    RedisCommands<String, byte[]> sync() {
        return connection.sync();
    }

    RedisClient client() {
        return client;
    }

    /**
     * Runs a call against the server, turning Lettuce's failures (not connected, timed out, refused) into a
     * {@link StoreException} that names the server.
     */
    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisException e) {
            throw new StoreException("Redis at " + where + " failed to " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Host, port and database; never the password. */
    @Override
    public String toString() {
        return "Redis[" + where + ", prefix " + prefix + "]";
    }
}
