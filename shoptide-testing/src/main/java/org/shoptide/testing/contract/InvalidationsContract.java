package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.Invalidations;

/**
 * Behaviour every {@link Invalidations} bus must have, seen from several nodes. Delivery may be asynchronous: the suite
 * waits up to five seconds for a message and a quarter of a second to be sure one does not come.
 */
public interface InvalidationsContract {
    /** A node's view of one bus shared by the whole test; may be called several times per test. */
    Invalidations node();

    /** Records deliveries as "topic=message", and "missed". */
    final class Recorder implements Invalidations.Listener {
        public final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @Override
        public void invalidated(String topic, String message) {
            seen.add(topic + "=" + message);
        }

        @Override
        public void missed() {
            seen.add("missed");
        }

        public String next() throws InterruptedException {
            String s = seen.poll(5, TimeUnit.SECONDS);
            assertThat(s).as("a delivery within 5 s").isNotNull();
            return s;
        }

        public void assertNothingMore() throws InterruptedException {
            assertThat(seen.poll(250, TimeUnit.MILLISECONDS)).as("no further delivery").isNull();
        }
    }

    @Test
    default void everyNodeSubscribedToAPrefixHearsItsTopicsInOrder() throws Exception {
        Invalidations one = node();
        Invalidations two = node();
        Recorder onOne = new Recorder();
        Recorder onTwo = new Recorder();
        Recorder other = new Recorder();
        List<Invalidations.Subscription> subs = List.of(one.subscribe("apikeys:", onOne),
                two.subscribe("apikeys:", onTwo), two.subscribe("settings:", other));
        try {
            one.publish("apikeys:shop-a", "hash-1");
            one.publish("apikeys:shop-b", "hash-2");
            for (Recorder r : List.of(onOne, onTwo)) {
                assertThat(r.next()).isEqualTo("apikeys:shop-a=hash-1");
                assertThat(r.next()).isEqualTo("apikeys:shop-b=hash-2");
                r.assertNothingMore();
            }
            other.assertNothingMore();
        } finally {
            subs.forEach(Invalidations.Subscription::close);
        }
    }

    @Test
    default void prefixesAreLiteralAndAClosedSubscriptionHearsNothing() throws Exception {
        Invalidations one = node();
        Recorder star = new Recorder();
        Recorder closed = new Recorder();
        Invalidations.Subscription subscription = one.subscribe("k*[a]?:", star);
        try {
            one.subscribe("gone:", closed).close();
            one.publish("kx[a]y:1", "no");
            one.publish("k*[a]?:1", "yes");
            one.publish("gone:1", "late");
            assertThat(star.next()).isEqualTo("k*[a]?:1=yes");
            star.assertNothingMore();
            closed.assertNothingMore();
        } finally {
            subscription.close();
        }
    }

    @Test
    default void badTopicsAreRefused() {
        Invalidations one = node();
        assertThatThrownBy(() -> one.publish("", "m")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("topic");
        assertThatThrownBy(() -> one.subscribe("", new Recorder())).isInstanceOf(IllegalArgumentException.class);
    }
}
