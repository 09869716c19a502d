package org.shoptide.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * The {@link EventLog} on Apache Kafka, for several API nodes sharing one log (ADR 0022).
 * <p>
 * Layout: one topic per shop, {@code <topicPrefix>events.<shopId>}, with ONE partition (the shop's total order). Each
 * {@link #append} call is ONE Kafka record (a BATCH, {@link RecordFormat}), so a batch is atomic because a record is;
 * the idempotent producer with {@code acks=all} completes the send only once the in-sync replicas have it. The logical
 * offset of an event is derived, identically on every node, from the record sequence: the first event of the n-th BATCH
 * gets the total event count of the BATCHes before it. Each node keeps that mapping in a {@link ShopIndex} built by its
 * {@link Indexer} thread, which reads every touched shop topic from the start; an append completes when this node has
 * indexed its own record, with the logical offset the index gave it. Appends from any number of nodes are therefore
 * contiguous and atomic without coordination between nodes.
 * <p>
 * Erasure appends an ERASE record listing the logical offsets to hide; every node masks them once it indexes the
 * record, also after a restart, and replay, subscribe and erase skip them. Offsets never shift.
 * <p>
 * Reads (replay, subscriptions) use consumers assigned to the partition directly, without a consumer group, so every
 * subscription on every node sees every event. Failures of the cluster surface as {@link StoreException} within the
 * configured timeout.
 */
public final class KafkaEventLog implements EventLog {
    private static final AtomicLong INSTANCES = new AtomicLong();
    /** Offsets per ERASE record; 8 bytes each keeps a record well below Kafka's default 1 MB message limit. */
    private static final int ERASE_CHUNK = 100_000;

    private final KafkaEventLogConfig config;
    private final String clientId;
    private final Admin admin;
    private final Producer<byte[], byte[]> producer;
    private final Indexer indexer;
    private final Map<ShopId, ShopIndex> indexes = new ConcurrentHashMap<>();
    private final Set<String> knownTopics = ConcurrentHashMap.newKeySet();
    private final Set<KafkaTail> subscriptions = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<Consumer<byte[], byte[]>> readers = new ConcurrentLinkedQueue<>();
    /** Appends hold the read lock while they hand their record to the producer; close takes the write lock. */
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private KafkaEventLog(KafkaEventLogConfig config) {
        this.config = config;
        this.clientId = "shoptide-eventlog-" + INSTANCES.incrementAndGet();
        long timeoutMs = config.timeout().toMillis();
        Map<String, Object> adminProps = new HashMap<>();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId + "-admin");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2));
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2));
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Admin a = null;
        Producer<byte[], byte[]> p = null;
        try {
            a = Admin.create(adminProps);
            p = new KafkaProducer<>(producerProps);
            this.indexer = new Indexer(newConsumer("indexer"), clientId + "-indexer");
        } catch (KafkaException e) {
            if (p != null) {
                p.close(Duration.ZERO);
            }
            if (a != null) {
                a.close(Duration.ZERO);
            }
            throw new StoreException("cannot create Kafka clients for " + config.bootstrapServers(), e);
        }
        this.admin = a;
        this.producer = p;
        this.indexer.start();
    }

    /** Opens a log on the cluster named by {@code kafka://host:port[,host:port]?topicPrefix=...} (see the config). */
    public static KafkaEventLog open(String uri) {
        return open(KafkaEventLogConfig.parse(uri));
    }

    public static KafkaEventLog open(KafkaEventLogConfig config) {
        return new KafkaEventLog(Objects.requireNonNull(config, "config"));
    }

    private Consumer<byte[], byte[]> newConsumer(String role) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + role);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, config.timeout().toMillis() / 2));
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("event log is closed");
        }
    }

    private long deadline() {
        return System.nanoTime() + config.timeout().toNanos();
    }

    // ---- shops and topics

    /** The index of a shop, creating its topic when {@code create}; null when the shop has no topic and not create. */
    private ShopIndex shop(ShopId shop, boolean create) {
        ShopIndex index = indexes.get(Objects.requireNonNull(shop, "shop"));
        if (index != null) {
            return index;
        }
        String topic = config.topicOf(shop.value());
        if (!knownTopics.contains(topic)) {
            if (create) {
                createTopic(topic);
            } else {
                refreshTopics();
                if (!knownTopics.contains(topic)) {
                    return null;
                }
            }
        }
        return indexes.computeIfAbsent(shop, s -> {
            ShopIndex i = new ShopIndex(s, topic);
            indexer.track(i);
            return i;
        });
    }

    private void createTopic(String topic) {
        NewTopic t = new NewTopic(topic, Optional.of(1), config.replicationFactor());
        Map<String, String> configs = new HashMap<>();
        // the log is the source of truth: never expire it
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        config.minInsyncReplicas().ifPresent(n -> configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, n.toString()));
        t.configs(configs);
        try {
            admin.createTopics(List.of(t)).all().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new StoreException(
                        "cannot create Kafka topic " + topic + " on " + config.bootstrapServers() + ": " + e.getCause(),
                        e.getCause());
            }
        } catch (TimeoutException e) {
            throw new StoreException("Kafka at " + config.bootstrapServers() + " did not answer within "
                    + config.timeout().toMillis() + " ms (creating topic " + topic + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted creating topic " + topic, e);
        }
        knownTopics.add(topic);
    }

    private void refreshTopics() {
        Set<String> names = adminCall(admin.listTopics().names(), "listing topics");
        for (String n : names) {
            if (n.startsWith(config.shopTopicPrefix())) {
                knownTopics.add(n);
            }
        }
    }

    private <T> T adminCall(KafkaFuture<T> f, String what) {
        try {
            return f.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StoreException("Kafka at " + config.bootstrapServers() + " failed " + what + ": " + e.getCause(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("Kafka at " + config.bootstrapServers() + " did not answer within "
                    + config.timeout().toMillis() + " ms (" + what + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted " + what, e);
        }
    }

    /** Waits until this node has indexed everything the cluster has acknowledged in the shop's topic so far. */
    private void catchUp(ShopIndex index) {
        TopicPartition tp = new TopicPartition(index.topic, 0);
        long highWatermark = adminCall(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp),
                "reading the end of " + index.topic).offset();
        try {
            if (!index.awaitIndexed(highWatermark, deadline(), () -> closed)) {
                throw new StoreException(closed ? "event log is closed"
                        : "could not read " + index.topic + " up to offset " + highWatermark + " within "
                                + config.timeout().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted reading " + index.topic, e);
        }
    }

    // ---- the port

    @Override
    public CompletableFuture<Long> append(ShopId shop, List<Event> events) {
        Objects.requireNonNull(shop, "shop");
        List<Event> batch = List.copyOf(Objects.requireNonNull(events, "events"));
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("append needs at least one event");
        }
        CompletableFuture<Long> result = new CompletableFuture<>();
        closing.readLock().lock();
        try {
            if (closed) {
                return CompletableFuture.failedFuture(new StoreException("event log is closed"));
            }
            ShopIndex index = shop(shop, true);
            String subject = batch.get(0).subject();
            // keyed by user so that a later per-user partitioning keeps each user's order
            byte[] key = subject == null ? null : subject.getBytes(StandardCharsets.UTF_8);
            // the callback completes the result; the returned future carries nothing more
            var unused = producer.send(new ProducerRecord<>(index.topic, 0, key, RecordFormat.encodeBatch(batch)),
                    (RecordMetadata md, Exception e) -> {
                        if (e != null) {
                            result.completeExceptionally(new StoreException(
                                    "Kafka at " + config.bootstrapServers() + " did not acknowledge the append to "
                                            + index.topic + " (broker down or" + " unreachable?): " + e,
                                    e));
                        } else {
                            index.whenIndexed(md.offset(), result);
                        }
                    });
        } catch (StoreException e) {
            return CompletableFuture.failedFuture(e);
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(new StoreException(
                    "Kafka at " + config.bootstrapServers() + " refused the append to shop " + shop + ": " + e, e));
        } finally {
            closing.readLock().unlock();
        }
        return result;
    }

    @Override
    public long endOffset(ShopId shop) {
        ensureOpen();
        ShopIndex index = shop(shop, false);
        if (index == null) {
            return 0;
        }
        catchUp(index);
        return index.end();
    }

    @Override
    public void replay(ShopId shop, long fromOffset, EventConsumer consumer) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0, got " + fromOffset);
        }
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        ShopIndex index = shop(shop, false);
        if (index == null) {
            return;
        }
        catchUp(index);
        long end = index.end();
        long stopKafka = index.nextKafka();
        if (fromOffset >= end) {
            return;
        }
        Consumer<byte[], byte[]> reader = readers.poll();
        if (reader == null) {
            reader = newConsumer("reader");
        }
        boolean reusable = false;
        try {
            TopicPartition tp = new TopicPartition(index.topic, 0);
            reader.assign(List.of(tp));
            reader.seek(tp, index.seekPosition(fromOffset));
            long deadline = deadline();
            while (reader.position(tp) < stopKafka) {
                ConsumerRecords<byte[], byte[]> polled = reader.poll(Duration.ofMillis(100));
                if (polled.isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        throw new StoreException("could not read " + index.topic + " from Kafka at "
                                + config.bootstrapServers() + " within " + config.timeout().toMillis() + " ms");
                    }
                    continue;
                }
                deadline = deadline();
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    if (r.offset() >= stopKafka) {
                        break;
                    }
                    long first = index.firstOffsetOrNone(r.offset());
                    if (first < 0) {
                        continue; // an ERASE record
                    }
                    List<Event> batch = RecordFormat.decodeBatch(r.value());
                    for (int i = 0; i < batch.size(); i++) {
                        long offset = first + i;
                        if (offset >= fromOffset && offset < end && !index.isMasked(offset)) {
                            consumer.accept(new LoggedEvent(offset, batch.get(i)));
                        }
                    }
                }
            }
            reusable = true;
        } catch (KafkaException e) {
            throw new StoreException(
                    "cannot read " + index.topic + " from Kafka at " + config.bootstrapServers() + ": " + e, e);
        } finally {
            if (reusable && !closed) {
                reader.assign(List.of());
                readers.add(reader);
            } else {
                reader.close(CloseOptions.timeout(Duration.ofSeconds(1)));
            }
        }
    }

    @Override
    public Subscription subscribe(ShopId shop, long fromOffset, EventConsumer consumer) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0, got " + fromOffset);
        }
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        ShopIndex index = shop(shop, true);
        KafkaTail tail = new KafkaTail(index, fromOffset, newConsumer("tail"), consumer, subscriptions);
        subscriptions.add(tail);
        tail.start();
        return tail;
    }

    @Override
    public Set<ShopId> shops() {
        ensureOpen();
        refreshTopics();
        Set<ShopId> result = new TreeSet<>();
        String prefix = config.shopTopicPrefix();
        for (String topic : knownTopics) {
            String id = topic.substring(prefix.length());
            if (ShopId.isValid(id)) {
                result.add(ShopId.of(id));
            }
        }
        return Collections.unmodifiableSet(result);
    }

    /**
     * Masks every stored event of the shop that matches, for every node and across restarts, by appending ERASE
     * records. The events' bytes stay in the topic until it is rewritten (ADR 0022).
     */
    @Override
    public long erase(ShopId shop, Predicate<Event> matching) {
        Objects.requireNonNull(matching, "matching");
        ensureOpen();
        ShopIndex index = shop(shop, false);
        if (index == null) {
            return 0;
        }
        List<Long> hits = new ArrayList<>();
        replay(shop, 0, e -> {
            if (matching.test(e.event())) {
                hits.add(e.offset());
            }
        });
        long erased = 0;
        for (int from = 0; from < hits.size(); from += ERASE_CHUNK) {
            List<Long> chunk = hits.subList(from, Math.min(hits.size(), from + ERASE_CHUNK));
            long[] offsets = chunk.stream().mapToLong(Long::longValue).toArray();
            RecordMetadata md;
            try {
                md = producer.send(new ProducerRecord<>(index.topic, 0, null, RecordFormat.encodeErase(offsets)))
                        .get(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new StoreException("Kafka at " + config.bootstrapServers() + " did not acknowledge the erasure"
                        + " in " + index.topic + ": " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new StoreException("Kafka at " + config.bootstrapServers() + " did not acknowledge the erasure"
                        + " in " + index.topic + " in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted erasing in " + index.topic, e);
            } catch (KafkaException e) {
                throw new StoreException("Kafka refused the erasure in " + index.topic + ": " + e, e);
            }
            try {
                long n = index.awaitErasure(md.offset(), deadline());
                if (n < 0) {
                    throw new StoreException("the erasure in " + index.topic + " is stored but was not read back"
                            + " within " + config.timeout().toMillis() + " ms");
                }
                erased += n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted erasing in " + index.topic, e);
            }
        }
        return erased;
    }

    /**
     * Sends what is buffered, waits (up to the timeout) until every acknowledged append is indexed so its future
     * completes, then stops subscriptions and clients. Appends still unconfirmed then fail.
     */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            closing.writeLock().unlock();
        }
        try {
            producer.flush();
        } catch (KafkaException e) {
            // each failed send has failed its own future
        }
        long deadline = deadline();
        for (ShopIndex index : indexes.values()) {
            try {
                while (index.pendingAppends() > 0 && System.nanoTime() < deadline && index.failure() == null) {
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        StoreException closedError = new StoreException(
                "event log closed before the append was confirmed; it may" + " or may not be stored");
        for (ShopIndex index : indexes.values()) {
            index.failPending(closedError).forEach(Runnable::run);
        }
        for (KafkaTail t : List.copyOf(subscriptions)) {
            t.close();
        }
        indexer.stop();
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        for (Consumer<byte[], byte[]> c; (c = readers.poll()) != null;) {
            c.close(CloseOptions.timeout(Duration.ofSeconds(1)));
        }
    }
}
