package org.shoptide.trade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.fake.InMemoryIdempotencyStore;
import org.shoptide.testing.fake.MutableClock;
import org.shoptide.trade.IdempotentCalls.Response;

class IdempotentCallsTest {
    private static final ShopId SHOP = ShopId.of("s");
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T05:00:00Z"));
    private final IdempotentCalls calls = new IdempotentCalls(new InMemoryIdempotencyStore(), clock);
    private final String fp = IdempotentCalls.fingerprint("POST", "/v1/orders", "{}".getBytes(StandardCharsets.UTF_8));

    @Test
    void concurrentRetriesRunTheCallOnce() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<Object> answers = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().start(() -> answers.add(calls.execute(SHOP, "k", fp, () -> {
            runs.incrementAndGet();
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Response(201, "{\"orderId\":\"o1\"}");
        }))));
        inside.await();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    answers.add(calls.execute(SHOP, "k", fp, () -> new Response(201, "{\"orderId\":\"o2\"}")));
                } catch (TradeException e) {
                    answers.add(e.kind());
                }
            }));
        }
        for (Thread t : threads.subList(1, threads.size())) {
            t.join();
        }
        release.countDown();
        threads.get(0).join();
        assertThat(runs).hasValue(1);
        assertThat(answers).containsOnly(new Response(201, "{\"orderId\":\"o1\"}"), TradeException.Kind.CONFLICT)
                .contains(new Response(201, "{\"orderId\":\"o1\"}"));
        assertThat(calls.execute(SHOP, "k", fp, () -> new Response(201, "other")))
                .isEqualTo(new Response(201, "{\"orderId\":\"o1\"}"));
    }

    @Test
    void failuresAreNotStoredAndKeysAreChecked() {
        assertThatThrownBy(() -> calls.execute(SHOP, "k", fp, () -> {
            throw TradeException.invalid("lines", "no lines");
        })).isInstanceOf(TradeException.class);
        assertThat(calls.execute(SHOP, "k", fp, () -> new Response(503, "{}")).status()).isEqualTo(503);
        assertThat(calls.execute(SHOP, "k", fp, () -> new Response(200, "{\"ok\":1}")).body()).isEqualTo("{\"ok\":1}");
        String other = IdempotentCalls.fingerprint("POST", "/v1/orders", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> calls.execute(SHOP, "k", other, () -> new Response(200, "{}"))).isInstanceOfSatisfying(
                TradeException.class, e -> assertThat(e.kind()).isEqualTo(TradeException.Kind.CONFLICT));
        for (String bad : new String[] { null, "", "with space", "é", "x".repeat(256) }) {
            assertThatThrownBy(() -> calls.execute(SHOP, bad, fp, () -> new Response(200, "{}")))
                    .isInstanceOfSatisfying(TradeException.class,
                            e -> assertThat(e.kind()).isEqualTo(TradeException.Kind.INVALID));
        }
    }
}
