package org.shoptide.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * Erasure removes events physically: the shop is rewritten into a new topic generation (same offsets) while another
 * node keeps appending, and the old topic is deleted. No acknowledged append is lost, and the erased bytes are in no
 * topic afterwards.
 */
class KafkaEventLogRewriteTest {
    private static final ShopId SHOP = ShopId.of("rewrite");

    private static Event event(String id, String user) {
        return new Event(id, EventType.VIEW, null, user, null, null, Instant.parse("2026-12-01T00:00:00Z"),
                "item-" + id, null, null, null, null, null, null, null);
    }

    private static List<LoggedEvent> replay(EventLog log, long from) {
        List<LoggedEvent> out = new ArrayList<>();
        log.replay(SHOP, from, out::add);
        return out;
    }

    @Test
    void eraseRewritesTheShopWhileAnotherNodeAppendsAndTheBytesAreGone() throws Exception {
        String prefix = SharedKafka.newPrefix();
        String uri = SharedKafka.uri(prefix) + "&timeoutMs=2000";
        Map<String, CompletableFuture<Long>> appendsOnB = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        int initial = 0;
        try (EventLog a = KafkaEventLog.open(uri);
                KafkaEventLog b = KafkaEventLog.open(uri)) {
            for (int i = 0; i < 30; i++) {
                a.append(SHOP, List.of(event("a" + i + "-0", i % 3 == 0 ? "victim" : "keeper"),
                        event("a" + i + "-1", "keeper"))).join();
                initial += 2;
            }
            // a live subscription on node b across the rewrite: it must continue in the new generation
            List<LoggedEvent> seenOnB = new CopyOnWriteArrayList<>();
            EventLog.Subscription sub = b.subscribe(SHOP, 0, seenOnB::add);
            Thread appender = Thread.ofPlatform().name("appender-b").start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    appendsOnB.put("b" + i,
                            b.append(SHOP, List.of(event("b" + i + "-0", "keeper"), event("b" + i + "-1", "keeper"))));
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            Thread.sleep(200);
            assertThat(a.erase(SHOP, e -> "victim".equals(e.userId()))).isEqualTo(10);
            Thread.sleep(300);
            stop.set(true);
            appender.join();
            for (CompletableFuture<Long> f : appendsOnB.values()) {
                f.get(20, TimeUnit.SECONDS); // none fails: appends racing with the rewrite are sent again
            }
            long total = initial + 2L * appendsOnB.size();
            System.out.println(
                    "appends on b: " + appendsOnB.size() + ", sent again after the seal: " + b.resentAppends());

            List<LoggedEvent> onA = replay(a, 0);
            assertThat(replay(b, 0)).isEqualTo(onA);
            assertThat(onA).hasSize((int) total - 10);
            assertThat(onA).noneMatch(e -> "victim".equals(e.event().userId()));
            assertThat(a.endOffset(SHOP)).isEqualTo(total);
            assertThat(b.endOffset(SHOP)).isEqualTo(total);
            Map<String, Long> offsetOfId = onA.stream()
                    .collect(Collectors.toMap(e -> e.event().clientEventId(), LoggedEvent::offset));
            for (Map.Entry<String, CompletableFuture<Long>> e : appendsOnB.entrySet()) {
                long first = e.getValue().get();
                assertThat(offsetOfId).containsEntry(e.getKey() + "-0", first).containsEntry(e.getKey() + "-1",
                        first + 1);
            }
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (sub.position() < total && System.nanoTime() < waitUntil) {
                Thread.sleep(10);
            }
            sub.close();
            // in order, nothing twice, everything that is left (and maybe victims delivered before the erasure)
            assertThat(seenOnB).extracting(LoggedEvent::offset).isSorted().doesNotHaveDuplicates();
            assertThat(seenOnB).containsAll(onA);
            assertThat(seenOnB.stream().filter(e -> !"victim".equals(e.event().userId())).toList()).isEqualTo(onA);

            // offsets never shift: the first events keep theirs
            assertThat(offsetOfId).containsEntry("a0-1", 1L).containsEntry("a1-0", 2L).containsEntry("a29-1", 59L);

            // the sealed generation is deleted after the grace period (2 timeouts), and no topic holds the victim
            String oldTopic = prefix + "events." + SHOP.value();
            try (Admin admin = Admin.create(
                    Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.broker().bootstrapServers()))) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                Set<String> topics;
                do {
                    Thread.sleep(200);
                    topics = admin.listTopics().names().get();
                } while (topics.contains(oldTopic) && System.nanoTime() < deadline);
                assertThat(topics).doesNotContain(oldTopic).contains(oldTopic + ".g1");
                byte[] victim = "victim".getBytes(StandardCharsets.UTF_8);
                List<byte[]> values = rawValues(oldTopic + ".g1");
                assertThat(values).isNotEmpty().noneMatch(v -> contains(v, victim));
            }
        }
        // a restarted node reads the new generation, and a second erasure rewrites again
        try (EventLog c = KafkaEventLog.open(uri)) {
            List<LoggedEvent> all = replay(c, 0);
            assertThat(all).noneMatch(e -> "victim".equals(e.event().userId()));
            assertThat(c.erase(SHOP, e -> e.clientEventId().startsWith("a5-"))).isEqualTo(2);
            assertThat(replay(c, 0)).hasSize(all.size() - 2)
                    .noneMatch(e -> e.event().clientEventId().startsWith("a5-"));
            // a5-* held 10 and 11, a6-0 (12) was a victim
            assertThat(replay(c, 10)).first().extracting(LoggedEvent::offset).isEqualTo(13L);
            long end = c.endOffset(SHOP);
            assertThat(c.append(SHOP, List.of(event("last", "keeper"))).get(10, TimeUnit.SECONDS)).isEqualTo(end);
        }
        try (EventLog d = KafkaEventLog.open(uri)) {
            assertThat(replay(d, 0)).extracting(e -> e.event().clientEventId()).contains("last").doesNotContain("a5-0",
                    "a5-1", "a0-0", "a3-0");
        }
    }

    @Test
    void aRewriteWhoseNodeDiedAfterTheSealIsRedoneByTheNextNodeThatNeedsTheShop() throws Exception {
        String prefix = SharedKafka.newPrefix();
        String uri = SharedKafka.uri(prefix) + "&timeoutMs=2000";
        try (KafkaEventLog a = KafkaEventLog.open(uri)) {
            a.append(SHOP, List.of(event("x0", "u"), event("x1", "u"), event("x2", "u"))).get(10, TimeUnit.SECONDS);
            // a node sealed the shop for a rewrite and died before copying: only its SEAL is there
            try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.broker().bootstrapServers(),
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                raw.send(new ProducerRecord<>(prefix + "events." + SHOP.value(), 0, null, RecordFormat.encodeSeal()))
                        .get(10, TimeUnit.SECONDS);
            }
            assertThat(a.append(SHOP, List.of(event("y0", "u"))).get(30, TimeUnit.SECONDS)).isEqualTo(3);
            assertThat(replay(a, 0)).extracting(e -> e.event().clientEventId()).containsExactly("x0", "x1", "x2", "y0");
        }
        try (EventLog b = KafkaEventLog.open(uri)) {
            assertThat(replay(b, 1)).extracting(LoggedEvent::offset).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aNodeThatMissedARewriteWhoseOldTopicIsGoneMovesToTheNewGenerationByItself() throws Exception {
        String prefix = SharedKafka.newPrefix();
        String uri = SharedKafka.uri(prefix) + "&timeoutMs=2000";
        String gen0 = prefix + "events." + SHOP.value();
        try (KafkaEventLog a = KafkaEventLog.open(uri);
                Admin admin = Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.broker().bootstrapServers()));
                KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.broker().bootstrapServers(),
                                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            a.append(SHOP, List.of(event("x0", "u"), event("x1", "u"))).get(10, TimeUnit.SECONDS);
            // while node a was cut off, another node rewrote the shop into generation 1 (x0 erased) and the grace
            // period passed: generation 0 is deleted, and node a never saw its SEAL
            admin.createTopics(List.of(new NewTopic(gen0 + ".g1", 1, (short) 1))).all().get();
            raw.send(new ProducerRecord<>(gen0 + ".g1", 0, null,
                    RecordFormat.encodeCopy(List.of(new LoggedEvent(1, event("x1", "u")))))).get();
            raw.send(new ProducerRecord<>(gen0 + ".g1", 0, null, RecordFormat.encodeOpen(2))).get();
            admin.deleteTopics(List.of(gen0)).all().get();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            Long offset = null;
            while (offset == null && System.nanoTime() < deadline) {
                try {
                    offset = a.append(SHOP, List.of(event("y0", "u"))).get(20, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(StoreException.class);
                }
            }
            assertThat(offset).isEqualTo(2L);
            assertThat(replay(a, 0)).extracting(e -> e.event().clientEventId()).containsExactly("x1", "y0");
        }
    }

    private static List<byte[]> rawValues(String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.broker().bootstrapServers(),
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<byte[]> values = new ArrayList<>();
            while (consumer.position(tp) < end) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
