package org.shoptide.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * A small in-memory {@link EventLog} for the engine's tests: subscriptions deliver on their own thread, as the contract
 * says, and appends can be made to fail.
 */
final class TestEventLog implements EventLog {
    private final Map<ShopId, List<Event>> logs = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean failAppends;
    private boolean closed;

    void failAppends(boolean fail) {
        this.failAppends = fail;
    }

    @Override
    public synchronized CompletableFuture<Long> append(ShopId shop, List<Event> events) {
        if (failAppends) {
            return CompletableFuture.failedFuture(new StoreException("disk full (test)"));
        }
        List<Event> l = logs.computeIfAbsent(shop, s -> new ArrayList<>());
        long first = l.size();
        l.addAll(events);
        notifyAll();
        return CompletableFuture.completedFuture(first);
    }

    @Override
    public synchronized long endOffset(ShopId shop) {
        return logs.getOrDefault(shop, List.of()).size();
    }

    /** Stored (not erased) events of the shop. */
    synchronized List<Event> events(ShopId shop) {
        List<Event> out = new ArrayList<>();
        for (Event e : logs.getOrDefault(shop, List.of())) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    @Override
    public void replay(ShopId shop, long fromOffset, EventConsumer consumer) {
        List<LoggedEvent> copy = new ArrayList<>();
        synchronized (this) {
            List<Event> l = logs.getOrDefault(shop, List.of());
            for (int i = (int) fromOffset; i < l.size(); i++) {
                if (l.get(i) != null) {
                    copy.add(new LoggedEvent(i, l.get(i)));
                }
            }
        }
        copy.forEach(consumer::accept);
    }

    @Override
    public Subscription subscribe(ShopId shop, long fromOffset, EventConsumer consumer) {
        AtomicBoolean open = new AtomicBoolean(true);
        long[] position = { fromOffset };
        Thread t = new Thread(() -> {
            while (open.get()) {
                LoggedEvent next = null;
                synchronized (this) {
                    List<Event> l = logs.getOrDefault(shop, List.of());
                    while (position[0] < l.size() && l.get((int) position[0]) == null) {
                        position[0]++;
                    }
                    if (position[0] < l.size()) {
                        next = new LoggedEvent(position[0], l.get((int) position[0]));
                    } else {
                        try {
                            wait(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                if (next != null) {
                    consumer.accept(next);
                    synchronized (this) {
                        position[0] = next.offset() + 1;
                    }
                }
            }
        }, "test-log-" + shop);
        t.setDaemon(true);
        synchronized (this) {
            threads.add(t);
        }
        t.start();
        return new Subscription() {
            @Override
            public long position() {
                synchronized (TestEventLog.this) {
                    return position[0];
                }
            }

            @Override
            public void close() {
                open.set(false);
                t.interrupt();
            }
        };
    }

    @Override
    public synchronized Set<ShopId> shops() {
        return new TreeSet<>(logs.keySet());
    }

    @Override
    public synchronized long erase(ShopId shop, Predicate<Event> matching) {
        List<Event> l = logs.getOrDefault(shop, List.of());
        long n = 0;
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) != null && matching.test(l.get(i))) {
                l.set(i, null);
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized void close() {
        closed = true;
        threads.forEach(Thread::interrupt);
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
