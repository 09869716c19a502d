package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.shoptide.core.shop.ShopId;

/**
 * The offset of the next log record a shop's derived state has not applied yet, and waiting for it to advance. Uses a
 * {@link ReentrantLock} condition so a waiting virtual thread does not pin its carrier.
 */
final class AppliedOffset {
    private static final System.Logger LOG = System.getLogger(AppliedOffset.class.getName());

    private final ShopId shop;
    private long next;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();

    AppliedOffset(ShopId shop) {
        this.shop = shop;
    }

    long next() {
        lock.lock();
        try {
            return next;
        } finally {
            lock.unlock();
        }
    }

    void advance(long nextOffset) {
        lock.lock();
        try {
            if (nextOffset > next) {
                next = nextOffset;
                advanced.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every offset below {@code nextOffset} is applied; false on timeout. */
    boolean await(long nextOffset, long timeoutMillis) throws InterruptedException {
        long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (next < nextOffset) {
                if (left <= 0) {
                    return false;
                }
                left = advanced.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** {@link #await} that logs a timeout instead of failing (the events are durable either way). */
    void awaitOrWarn(long nextOffset, Duration timeout) {
        try {
            if (!await(nextOffset, timeout.toMillis())) {
                LOG.log(Level.WARNING, "shop {0}: realtime state did not reach offset {1} within {2}", shop, nextOffset,
                        timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
