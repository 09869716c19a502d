package org.shoptide.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script shipped as a resource next to this class, run by EVALSHA; when the server does not know it (first use,
 * or after a restart) it is sent once with EVAL, which also caches it there.
 */
final class LuaScript {
    private final String name;
    private final String body;
    private final String sha;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        try {
            this.sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    static LuaScript load(String resource) {
        try (InputStream in = LuaScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("script resource " + resource + " is missing from the jar");
            }
            return new LuaScript(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the script; a multi-bulk reply comes back as a list of byte arrays and longs. */
    List<Object> run(Redis redis, String[] keys, byte[]... args) {
        return redis.call("run " + name, () -> {
            try {
                return redis.sync().evalsha(sha, ScriptOutputType.MULTI, keys, args);
            } catch (RedisNoScriptException e) {
                return redis.sync().eval(body, ScriptOutputType.MULTI, keys, args);
            }
        });
    }

    /** Runs a script whose reply is one integer. */
    Long runValue(Redis redis, String[] keys, byte[]... args) {
        return redis.call("run " + name, () -> {
            try {
                return redis.sync().<Long> evalsha(sha, ScriptOutputType.INTEGER, keys, args);
            } catch (RedisNoScriptException e) {
                return redis.sync().<Long> eval(body, ScriptOutputType.INTEGER, keys, args);
            }
        });
    }

    static byte[] arg(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] arg(long v) {
        return arg(Long.toString(v));
    }

    static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }
}
