package org.shoptide.core.port;

/**
 * Messages telling every engine node to drop something it caches, e.g. topic {@code apikeys:<shop>} with the hash of a
 * key revoked on one node, so the key stops working on all of them at once.
 * <p>
 * Delivery is best effort: a message reaches the subscribers connected when it is published, on every node including
 * the publisher's, usually within milliseconds, in publish order per publisher. A subscriber that may have missed
 * messages (its connection was lost and is back) is told so by {@link Listener#missed()} and must then drop everything
 * it caches under its prefix. Caches still keep a time-to-live as the bound for the worst case (a node cut off from the
 * bus never hears anything). Listeners run on a delivery thread and must return quickly.
 * <p>
 * Every implementation runs {@code InvalidationsContract} in {@code shoptide-testing}.
 */
public interface Invalidations {

    /**
     * Sends {@code message} to every subscriber whose prefix starts {@code topic}.
     *
     * @throws StoreException
     *             when the bus cannot be reached (the caller's own cache is still updated by the caller)
     */
    void publish(String topic, String message);

    /** Delivers the messages of every topic starting with {@code topicPrefix} until the subscription is closed. */
    Subscription subscribe(String topicPrefix, Listener listener);

    /** Receives invalidations. */
    interface Listener {
        /** Drop what {@code message} names (for {@code apikeys:<shop>}: the key hash). */
        void invalidated(String topic, String message);

        /** Messages may have been lost: drop everything cached under the subscribed prefix. */
        void missed();
    }

    /** An active subscription. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** Checks a topic or prefix the same way in every implementation. */
    static String checkTopic(String topic) {
        if (topic == null || topic.isEmpty() || topic.length() > 512) {
            throw new IllegalArgumentException("invalidation topic must be 1 to 512 characters, got " + topic);
        }
        return topic;
    }
}
