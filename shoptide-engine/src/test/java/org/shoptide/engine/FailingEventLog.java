package org.shoptide.engine;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/** Delegates to a real log; {@link #failAppends} makes appends fail as a full disk would. */
final class FailingEventLog implements EventLog {
    private final EventLog delegate;
    private volatile boolean failAppends;

    FailingEventLog(EventLog delegate) {
        this.delegate = delegate;
    }

    void failAppends(boolean fail) {
        this.failAppends = fail;
    }

    @Override
    public CompletableFuture<Long> append(ShopId shop, List<Event> events) {
        return failAppends ? CompletableFuture.failedFuture(new StoreException("disk full (test)"))
                : delegate.append(shop, events);
    }

    @Override
    public long endOffset(ShopId shop) {
        return delegate.endOffset(shop);
    }

    @Override
    public void replay(ShopId shop, long fromOffset, EventConsumer consumer) {
        delegate.replay(shop, fromOffset, consumer);
    }

    @Override
    public Subscription subscribe(ShopId shop, long fromOffset, EventConsumer consumer) {
        return delegate.subscribe(shop, fromOffset, consumer);
    }

    @Override
    public Set<ShopId> shops() {
        return delegate.shops();
    }

    @Override
    public long erase(ShopId shop, Predicate<Event> matching) {
        return delegate.erase(shop, matching);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
