package org.shoptide.server.alerts;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/** The real event log, whose appends fail like a full or broken disk while {@link #broken} is set. */
final class BreakableEventLog implements EventLog {
    final AtomicBoolean broken = new AtomicBoolean();
    private final EventLog delegate;

    BreakableEventLog(EventLog delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<Long> append(ShopId shop, List<Event> events) {
        if (broken.get()) {
            return CompletableFuture.failedFuture(new StoreException("No space left on device (test)"));
        }
        return delegate.append(shop, events);
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
