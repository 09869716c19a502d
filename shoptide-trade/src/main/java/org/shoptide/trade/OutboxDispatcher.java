package org.shoptide.trade;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.trade.Order;
import org.shoptide.core.trade.OrderLine;
import org.shoptide.core.trade.OutboxEntry;
import org.shoptide.core.trade.Refund;

/**
 * Sends outbox entries to the event log: a {@code purchase} per paid order, a {@code refund} per succeeded refund. The
 * event is built from the stored order (and refund) and appended under the entry's deterministic {@code clientEventId};
 * only then is the entry marked dispatched. A crash in between sends it again at the next dispatch (at start, after
 * each payment change, by the reconciliation job), and the log skips the id it has: every event lands exactly once.
 */
public final class OutboxDispatcher {
    private static final System.Logger LOG = System.getLogger(OutboxDispatcher.class.getName());
    private static final int BATCH = 100;

    private final TradeStore store;
    private final TradeEventSink sink;
    private final Clock clock;

    public OutboxDispatcher(TradeStore store, TradeEventSink sink, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends every undispatched entry; returns how many were sent. Throws what the sink throws. */
    public synchronized int dispatch() {
        int sent = 0;
        while (true) {
            List<OutboxEntry> batch = store.read(tx -> tx.undispatched(BATCH));
            for (OutboxEntry e : batch) {
                Event event = store.read(tx -> {
                    Order o = tx.order(e.shop(), e.orderId()).orElseThrow();
                    return e.refundId() == null ? purchase(e, o) : refund(e, o, tx.refund(e.refundId()).orElseThrow());
                });
                sink.append(e.shop(), event);
                store.write(tx -> tx.markDispatched(e.shop(), e.clientEventId(), clock.instant()));
                sent++;
            }
            if (batch.size() < BATCH) {
                return sent;
            }
        }
    }

    /** {@link #dispatch} that logs instead of throwing; what was not sent is sent by a later dispatch. */
    public void dispatchQuietly() {
        try {
            dispatch();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "outbox dispatch stopped, will retry: " + e.getMessage());
        }
    }

    private static Event purchase(OutboxEntry e, Order o) {
        List<LineItem> lines = new ArrayList<>();
        for (OrderLine l : o.lines()) {
            lines.add(new LineItem(l.itemId(), Money.toMajor(l.unitPriceMinor(), l.currency()), l.quantity(),
                    l.currency()));
        }
        return new Event(e.clientEventId(), EventType.PURCHASE, null, o.userId(), null, null, o.paidAt(), null, null,
                null, o.orderId(), lines, null, new EventContext(null, null, o.recommendationId()),
                Map.of("totalMinor", Long.toString(o.totalMinor())));
    }

    /**
     * A refund event. A refund of the whole order repeats its lines; a partial one carries each line's share (largest
     * remainder) as one unit at that price.
     */
    private static Event refund(OutboxEntry e, Order o, Refund r) {
        List<LineItem> lines = new ArrayList<>();
        if (r.amountMinor() == o.totalMinor()) {
            for (OrderLine l : o.lines()) {
                lines.add(new LineItem(l.itemId(), Money.toMajor(l.unitPriceMinor(), l.currency()), l.quantity(),
                        l.currency()));
            }
        } else {
            long[] shares = Allocation.split(o.lines().stream().map(OrderLine::totalMinor).toList(), r.amountMinor());
            for (int i = 0; i < shares.length; i++) {
                if (shares[i] > 0) {
                    OrderLine l = o.lines().get(i);
                    lines.add(new LineItem(l.itemId(), Money.toMajor(shares[i], l.currency()), 1, l.currency()));
                }
            }
        }
        return new Event(e.clientEventId(), EventType.REFUND, null, o.userId(), null, null, r.updatedAt(), null, null,
                null, o.orderId(), lines, null, new EventContext(null, null, o.recommendationId()),
                Map.of("refundId", r.refundId(), "amountMinor", Long.toString(r.amountMinor())));
    }
}
