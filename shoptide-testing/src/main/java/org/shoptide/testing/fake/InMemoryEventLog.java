package org.shoptide.testing.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * A correct, thread-safe in-memory {@link EventLog} for unit tests. Appends complete immediately ("durable" means in
 * this object's memory). {@link #reopen()} gives a new log over the same memory, to test restart paths. Subscriptions
 * run on their own threads ({@code inmemory-eventlog-tail-<shop>-<n>}).
 */
public final class InMemoryEventLog implements EventLog {
    private static final AtomicLong SUBSCRIPTION_SEQUENCE = new AtomicLong();

    private final ConcurrentHashMap<ShopId, ShopData> storage;
    private final List<Tail> subscriptions = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** One shop's events, guarded by its own monitor; waiting subscriptions are notified on it. */
    private static final class ShopData {
        /** Ascending offsets; erased events are removed. */
        private final ArrayList<LoggedEvent> events = new ArrayList<>();
        private long end;

        /** Index of the first event with offset >= {@code offset}. */
        int indexOf(long offset) {
            int lo = 0;
            int hi = events.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (events.get(mid).offset() < offset) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    public InMemoryEventLog() {
        this(new ConcurrentHashMap<>());
    }

    private InMemoryEventLog(ConcurrentHashMap<ShopId, ShopData> storage) {
        this.storage = storage;
    }

    /** A new open log over this log's events (this one may be closed). */
    public InMemoryEventLog reopen() {
        return new InMemoryEventLog(storage);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("event log is closed");
        }
    }

    private ShopData data(ShopId shop) {
        return storage.computeIfAbsent(Objects.requireNonNull(shop, "shop"), s -> new ShopData());
    }

    @Override
    public CompletableFuture<Long> append(ShopId shop, List<Event> events) {
        List<Event> copy = List.copyOf(events);
        if (closed) {
            return CompletableFuture.failedFuture(new StoreException("event log is closed"));
        }
        ShopData d = data(shop);
        long first;
        synchronized (d) {
            first = d.end;
            for (Event e : copy) {
                d.events.add(new LoggedEvent(d.end++, e));
            }
            d.notifyAll();
        }
        return CompletableFuture.completedFuture(first);
    }

    @Override
    public long endOffset(ShopId shop) {
        ShopData d = storage.get(Objects.requireNonNull(shop, "shop"));
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            return d.end;
        }
    }

    @Override
    public void replay(ShopId shop, long fromOffset, EventConsumer consumer) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0, got " + fromOffset);
        }
        ensureOpen();
        ShopData d = storage.get(Objects.requireNonNull(shop, "shop"));
        if (d == null) {
            return;
        }
        for (LoggedEvent e : snapshot(d, fromOffset)) {
            consumer.accept(e);
        }
    }

    private static List<LoggedEvent> snapshot(ShopData d, long fromOffset) {
        synchronized (d) {
            return new ArrayList<>(d.events.subList(d.indexOf(fromOffset), d.events.size()));
        }
    }

    @Override
    public Subscription subscribe(ShopId shop, long fromOffset, EventConsumer consumer) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0, got " + fromOffset);
        }
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        Tail t = new Tail(shop, data(shop), fromOffset, consumer);
        subscriptions.add(t);
        t.thread.start();
        return t;
    }

    @Override
    public Set<ShopId> shops() {
        Set<ShopId> result = new TreeSet<>();
        storage.forEach((id, d) -> {
            synchronized (d) {
                if (d.end > 0) {
                    result.add(id);
                }
            }
        });
        return Collections.unmodifiableSet(result);
    }

    @Override
    public long erase(ShopId shop, Predicate<Event> matching) {
        Objects.requireNonNull(matching, "matching");
        ensureOpen();
        ShopData d = storage.get(Objects.requireNonNull(shop, "shop"));
        if (d == null) {
            return 0;
        }
        synchronized (d) {
            int before = d.events.size();
            d.events.removeIf(e -> matching.test(e.event()));
            return (long) before - d.events.size();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Tail t : subscriptions) {
            t.close();
        }
    }

    private final class Tail implements Subscription {
        private final ShopData data;
        private final EventConsumer consumer;
        private final Thread thread;
        private volatile long position;
        private volatile boolean stopped;

        Tail(ShopId shop, ShopData data, long from, EventConsumer consumer) {
            this.data = data;
            this.consumer = consumer;
            this.position = from;
            this.thread = Thread.ofPlatform()
                    .name("inmemory-eventlog-tail-" + shop + "-" + SUBSCRIPTION_SEQUENCE.incrementAndGet()).daemon(true)
                    .unstarted(this::run);
        }

        private void run() {
            try {
                while (!stopped) {
                    List<LoggedEvent> batch;
                    long end;
                    synchronized (data) {
                        while (!stopped && data.end <= position) {
                            data.wait();
                        }
                        if (stopped) {
                            return;
                        }
                        end = data.end;
                        batch = new ArrayList<>(data.events.subList(data.indexOf(position), data.events.size()));
                    }
                    for (LoggedEvent e : batch) {
                        if (stopped) {
                            return;
                        }
                        consumer.accept(e);
                        position = e.offset() + 1;
                    }
                    position = Math.max(position, end);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                subscriptions.remove(this);
            }
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void close() {
            stopped = true;
            synchronized (data) {
                data.notifyAll();
            }
            if (Thread.currentThread() != thread) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
