package org.shoptide.alerts;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A channel that keeps what it was sent; it refuses the next {@link #failNext} messages. */
final class RecordingChannel implements AlertChannel {
    final List<AlertMessage> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger failNext = new AtomicInteger();
    private final String name;

    RecordingChannel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(AlertMessage message) {
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new DeliveryException(name + " is down");
        }
        sent.add(message);
    }

    List<String> statuses() {
        return sent.stream().map(m -> m.status() + " " + m.alert() + " " + m.labels()).toList();
    }
}
