package org.shoptide.trade;

import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;

/**
 * Appends purchase and refund events to the shop's log; the server adapts the engine's ingest. Must skip an event whose
 * {@code clientEventId} it has stored before (the outbox redelivers after a crash), and return only once the event is
 * durable.
 */
@FunctionalInterface
public interface TradeEventSink {
    void append(ShopId shop, Event event);
}
