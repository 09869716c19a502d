package org.shoptide.core.port;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.shop.ShopId;

/**
 * The append-only behaviour log, the source of truth for everything derived from events. One independent sequence of
 * offsets per shop, starting at 0, increasing by one per event.
 * <p>
 * Contract (checked by {@code EventLogContract} in shoptide-testing):
 * <ul>
 * <li>{@link #append} is atomic per call (all events of the call become visible, or none) and durable: the returned
 * future completes only after the events are on stable storage, so an acknowledged event survives a process crash.
 * <li>Offsets are assigned in append order; readers see events in offset order.
 * <li>{@link #subscribe} delivers every event from the given offset, then new ones as they are appended, in order, on a
 * thread of the log's own, until the subscription is closed.
 * </ul>
 */
public interface EventLog extends AutoCloseable {

    /**
     * Appends events of one shop atomically and durably.
     *
     * @return a future of the offset given to the first event; the others follow consecutively. It completes after the
     *         events are durable, or exceptionally with a {@link StoreException}.
     */
    CompletableFuture<Long> append(ShopId shop, List<Event> events);

    /** The offset the next appended event of this shop will get (0 for an empty log). */
    long endOffset(ShopId shop);

    /** Calls {@code consumer} for every stored event with offset >= {@code fromOffset}, in order. */
    void replay(ShopId shop, long fromOffset, EventConsumer consumer);

    /**
     * Replays from {@code fromOffset} and then delivers newly appended events as they become durable.
     */
    Subscription subscribe(ShopId shop, long fromOffset, EventConsumer consumer);

    /** Shops that have a log (possibly empty). */
    Set<ShopId> shops();

    /**
     * Removes, by rewriting, every stored event of the shop that matches (used to erase a user). Offsets of the
     * remaining events do not change. Returns the number of events removed.
     */
    long erase(ShopId shop, Predicate<Event> matching);

    /** Flushes and releases files; pending appends complete or fail before this returns. */
    @Override
    void close();

    /** Receives events in offset order. */
    @FunctionalInterface
    interface EventConsumer {
        void accept(LoggedEvent event);
    }

    /** A live tail subscription. */
    interface Subscription extends AutoCloseable {
        /** The offset of the next event this subscription will deliver. */
        long position();

        @Override
        void close();
    }
}
