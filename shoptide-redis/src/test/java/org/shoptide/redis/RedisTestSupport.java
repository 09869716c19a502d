package org.shoptide.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import org.shoptide.testing.services.TestRedis;

/** Connections under a fresh key prefix per test, and removal of everything written under it. */
final class RedisTestSupport {
    private RedisTestSupport() {
    }

    /** Connects to the test Redis with a prefix no other test uses. */
    static Redis connect(String testName) {
        return Redis.connect(TestRedis.uri() + "?prefix=" + TestRedis.freshPrefix(testName));
    }

    /** Same server and prefix as {@code like}: a second "node". */
    static Redis another(Redis like) {
        return Redis.connect(TestRedis.uri() + "?prefix=" + like.prefix());
    }

    /** Deletes every key under the connection's prefix, then closes it (nothing when the test was skipped). */
    static void clean(Redis redis) {
        if (redis == null) {
            return;
        }
        try {
            ScanCursor cursor = ScanCursor.INITIAL;
            ScanArgs match = ScanArgs.Builder.matches(redis.prefix() + "*").limit(1000);
            do {
                KeyScanCursor<String> page = redis.sync().scan(cursor, match);
                if (!page.getKeys().isEmpty()) {
                    redis.sync().unlink(page.getKeys().toArray(new String[0]));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            redis.close();
        }
    }
}
