package org.shoptide.embedded.invalidation;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.shoptide.core.port.Invalidations;

/**
 * Invalidations within one process (a single node): messages go straight to the subscribers, on the publisher's thread,
 * and none is ever missed.
 */
public final class LocalInvalidations implements Invalidations {
    private final CopyOnWriteArrayList<Sub> subscriptions = new CopyOnWriteArrayList<>();

    private record Sub(String prefix, Listener listener) {
    }

    @Override
    public void publish(String topic, String message) {
        Invalidations.checkTopic(topic);
        Objects.requireNonNull(message, "message");
        for (Sub s : subscriptions) {
            if (topic.startsWith(s.prefix())) {
                s.listener().invalidated(topic, message);
            }
        }
    }

    @Override
    public Subscription subscribe(String topicPrefix, Listener listener) {
        Sub s = new Sub(Invalidations.checkTopic(topicPrefix), Objects.requireNonNull(listener, "listener"));
        subscriptions.add(s);
        return () -> subscriptions.remove(s);
    }
}
