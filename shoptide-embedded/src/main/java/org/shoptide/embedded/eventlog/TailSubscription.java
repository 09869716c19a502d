package org.shoptide.embedded.eventlog;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.EventLog.EventConsumer;

/**
 * A tail subscription on its own named thread: replays committed events from its position, then parks until the shop's
 * writer unparks it after the next durable commit. It only reads below the shop's committed end, so it never sees an
 * event before it is durable. A consumer that throws ends the subscription (logged).
 */
final class TailSubscription implements EventLog.Subscription {
    private static final System.Logger LOG = System.getLogger(SegmentEventLog.class.getName());
    private static final AtomicLong SEQUENCE = new AtomicLong();

    /** Thrown through the reader to stop mid-chunk when closed. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private final ShopLog shop;
    private final EventConsumer consumer;
    private final Thread thread;
    private final ShopLog.ReadCursor cursor = new ShopLog.ReadCursor();
    private volatile long position;
    private volatile boolean closed;

    TailSubscription(ShopLog shop, long from, EventConsumer consumer) {
        if (from < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0, got " + from);
        }
        this.shop = shop;
        this.consumer = consumer;
        this.position = from;
        this.thread = Thread.ofPlatform().name("shoptide-eventlog-tail-" + shop.shop + "-" + SEQUENCE.incrementAndGet())
                .daemon(true).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (!closed) {
                long end = shop.committedEnd();
                if (position < end) {
                    shop.read(position, end, cursor, e -> {
                        if (closed) {
                            throw new Stop();
                        }
                        consumer.accept(e);
                        position = e.offset() + 1;
                    });
                    if (!closed && position < end) {
                        position = end; // the rest of the range was erased
                    }
                } else {
                    LockSupport.park(this);
                }
            }
        } catch (Stop stop) {
            // closed while delivering
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "subscription " + thread.getName() + " stopped at offset " + position,
                    t);
        } finally {
            shop.removeSubscriber(this);
        }
    }

    @Override
    public long position() {
        return position;
    }

    /** Stops delivery; waits for the delivering thread to finish unless called from a consumer. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
