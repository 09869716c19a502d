package org.shoptide.engine;

import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.shoptide.core.shop.ShopId;

/**
 * The part of a start-up replay that does not touch realtime state (the idempotency ids, the exposures and their
 * attribution), done on a second thread while the replay thread updates the realtime state: the two are independent,
 * and the side keeps log order. Items go in chunks of {@value #CHUNK}; at most {@value #QUEUED} chunks wait, and the
 * replay thread blocks beyond that, so memory stays bounded. {@link #close} returns once every item is done.
 *
 * @param <T>
 *            what one replayed event leaves for the side
 */
final class ReplaySideWork<T> implements AutoCloseable {
    static final int CHUNK = 4096;
    static final int QUEUED = 16;
    private static final Object[] END = new Object[0];

    private final BlockingQueue<Object[]> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread worker;
    private volatile RuntimeException failure;
    private Object[] chunk = new Object[CHUNK];
    private int filled;

    @SuppressWarnings({ "unchecked", "ReferenceEquality" }) // END is a sentinel compared by identity
    ReplaySideWork(ShopId shop, Consumer<T> work) {
        this.worker = Thread.ofPlatform().daemon().name("replay-side-" + shop.value()).unstarted(() -> {
            try {
                for (Object[] c = queue.take(); c != END; c = queue.take()) {
                    for (Object o : c) {
                        work.accept((T) o);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
                queue.clear(); // unblock the producer; close() reports the failure
            }
        });
        worker.start();
    }

    void add(T item) {
        chunk[filled++] = item;
        if (filled == CHUNK) {
            hand(chunk);
            chunk = new Object[CHUNK];
            filled = 0;
        }
    }

    private void hand(Object[] c) {
        try {
            while (failure == null && !queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
                // the worker is behind: wait (log order must hold, so the replay thread never runs a chunk itself)
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        }
    }

    /** Hands over what is left and waits until the worker has done every item. */
    @Override
    public void close() {
        if (filled > 0) {
            hand(Arrays.copyOf(chunk, filled));
            filled = 0;
        }
        hand(END);
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        }
        if (failure != null) {
            throw new IllegalStateException("the replay's side work failed", failure);
        }
    }
}
