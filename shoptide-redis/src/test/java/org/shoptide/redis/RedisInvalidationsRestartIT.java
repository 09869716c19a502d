package org.shoptide.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.Invalidations;
import org.shoptide.core.port.StoreException;
import org.shoptide.testing.contract.InvalidationsContract.Recorder;

/** A subscriber cut off from Redis is told, once back, that it may have missed messages, and hears new ones. */
class RedisInvalidationsRestartIT {
    @Test
    void aSubscriberIsToldItMayHaveMissedMessagesAfterAReconnect() throws Exception {
        try (ThrowawayRedis server = new ThrowawayRedis()) {
            server.start();
            try (Redis publisherSide = Redis.connect(server.uri("t:"));
                    Redis subscriberSide = Redis.connect(server.uri("t:"));
                    RedisInvalidations publisher = new RedisInvalidations(publisherSide);
                    RedisInvalidations subscriber = new RedisInvalidations(subscriberSide)) {
                Recorder apiKeys = new Recorder();
                Invalidations.Subscription subscription = subscriber.subscribe("apikeys:", apiKeys);
                try {
                    publisher.publish("apikeys:shop-a", "h1");
                    assertThat(apiKeys.next()).isEqualTo("apikeys:shop-a=h1");

                    server.kill();
                    server.start();
                    assertThat(apiKeys.next()).isEqualTo("missed");
                    publishWhenBack(publisher, "apikeys:shop-a", "h2");
                    assertThat(apiKeys.next()).isEqualTo("apikeys:shop-a=h2");
                    apiKeys.assertNothingMore();
                } finally {
                    subscription.close();
                }
            }
        }
    }

    private static void publishWhenBack(Invalidations bus, String topic, String message) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                bus.publish(topic, message);
                return;
            } catch (StoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
