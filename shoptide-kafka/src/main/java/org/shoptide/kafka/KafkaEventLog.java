package org.shoptide.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
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
 * record, also after a restart, and replay, subscribe and erase skip them. Then the shop is rewritten without them into
 * its next topic generation ({@code <topicPrefix>events.<shopId>.g<n>}: SEAL, COPY with the same offsets, OPEN) and the
 * old topic is deleted; appends racing with the rewrite are sent again by their own node. Offsets never shift.
 * <p>
 * Reads (replay, subscriptions) use consumers assigned to the partition directly, without a consumer group, so every
 * subscription on every node sees every event. Failures of the cluster surface as {@link StoreException} within the
 * configured timeout.
 * <p>
 * Over 500 lines on purpose: it is the port's one reason to change (the log's semantics on Kafka); reading, indexing,
 * tailing and the record format already live in {@link Indexer}, {@link KafkaTail}, {@link GenerationReader} and
 * {@link RecordFormat}. What is left is the erasure rewrite's coordination with appends, which must see the same state;
 * moving the rewrite into its own class is the next split when it grows.
 */
public final class KafkaEventLog implements EventLog {
    private static final AtomicLong INSTANCES = new AtomicLong();
    /** Offsets per ERASE record; 8 bytes each keeps a record well below Kafka's default 1 MB message limit. */
    private static final int ERASE_CHUNK = 100_000;
    /** Events per COPY record of a rewrite; one event always fits a record because its BATCH did. */
    private static final int COPY_CHUNK = 200;
    private static final System.Logger LOG = System.getLogger(KafkaEventLog.class.getName());

    private final KafkaEventLogConfig config;
    private final String clientId;
    private final ShopTopics topics;
    private final Producer<byte[], byte[]> producer;
    private final Indexer indexer;
    private final Map<ShopId, ShopIndex> indexes = new ConcurrentHashMap<>();
    private final Set<KafkaTail> subscriptions = ConcurrentHashMap.newKeySet();
    private final GenerationReader reader;
    /** Appends not completed yet: close waits for them, the sweeper fails those older than 3 timeouts. */
    private final Map<Long, InFlight> inFlight = new ConcurrentHashMap<>();
    private final Thread sweeper;
    private final AtomicLong appendSequence = new AtomicLong();
    /** Appends sent again because they raced with a rewrite (for tests and metrics). */
    private final AtomicLong resent = new AtomicLong();
    /** Appends hold the read lock while they hand their record to the producer; close takes the write lock. */
    private final ReentrantReadWriteLock closing = new ReentrantReadWriteLock();
    private volatile boolean closed;

    private record InFlight(long startNanos, CompletableFuture<Long> future) {
    }

    private KafkaEventLog(KafkaEventLogConfig config) {
        this.config = config;
        this.clientId = "shoptide-eventlog-" + INSTANCES.incrementAndGet();
        long timeoutMs = config.timeout().toMillis();
        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        producerProps.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2));
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeoutMs);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        ShopTopics a = null;
        Producer<byte[], byte[]> p = null;
        try {
            a = new ShopTopics(config, clientId + "-admin");
            p = new KafkaProducer<>(producerProps);
            this.indexer = new Indexer(newConsumer("indexer"), clientId + "-indexer", this::onSealed);
        } catch (KafkaException e) {
            if (p != null) {
                p.close(Duration.ZERO);
            }
            if (a != null) {
                a.close();
            }
            throw new StoreException("cannot create Kafka clients for " + config.bootstrapServers(), e);
        }
        this.topics = a;
        this.reader = new GenerationReader(() -> newConsumer("reader"), config);
        this.producer = p;
        this.indexer.start();
        this.sweeper = Thread.ofPlatform().name(clientId + "-append-sweeper").daemon(true).start(this::sweep);
    }

    /**
     * Bounds every append: one whose record is never indexed here (say its topic vanished while this node was cut off)
     * fails after three timeouts instead of waiting forever.
     */
    private void sweep() {
        long limit = 3 * config.timeout().toNanos();
        while (!closed) {
            sleepQuietly(500);
            long now = System.nanoTime();
            for (InFlight f : inFlight.values()) {
                if (now - f.startNanos > limit) {
                    f.future.completeExceptionally(new StoreException("append not confirmed within "
                            + 3 * config.timeout().toMillis() + " ms; it may or may not be stored"));
                }
            }
        }
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

    // ---- shops, generations and topics

    /**
     * The index this node uses for a shop, creating the shop's topic when {@code create}; null when the shop has no
     * topic and not create. It may be sealed or not yet open: see {@link #usable(ShopIndex)}.
     */
    private ShopIndex shop(ShopId shop, boolean create) {
        ShopIndex index = indexes.get(Objects.requireNonNull(shop, "shop"));
        if (index != null) {
            return index;
        }
        topics.refresh();
        int generation = topics.latestGeneration(shop);
        if (generation < 0) {
            if (!create) {
                return null;
            }
            topics.create(config.topicOf(shop.value(), 0));
            generation = 0;
        }
        ShopIndex fresh = newIndex(shop, generation);
        ShopIndex raced = indexes.putIfAbsent(shop, fresh);
        if (raced != null) {
            return raced;
        }
        indexer.track(fresh);
        if (generation > 0) {
            deleteOlderGenerationsOnceOpen(fresh);
        }
        return fresh;
    }

    private ShopIndex newIndex(ShopId shop, int generation) {
        return new ShopIndex(shop, generation, config.topicOf(shop.value(), generation), this::resend);
    }

    /**
     * The open index to append to and read from now: follows SEALs to the newest generation and waits (up to the
     * timeout) until it is open. When a generation stays unopened that long, its rewrite is taken to have died with its
     * node, and this node redoes it (copies are idempotent).
     */
    private ShopIndex usable(ShopIndex index) {
        long deadline = deadline();
        boolean recovered = false;
        try {
            while (true) {
                if (index.sealedAt() >= 0) {
                    ShopIndex next = index.awaitSuccessor(deadline, () -> closed);
                    if (next == null) {
                        throw new StoreException(closed ? "event log is closed"
                                : "next generation of shop " + index.shop + " was not set up within "
                                        + config.timeout().toMillis() + " ms (is Kafka reachable?)");
                    }
                    index = next;
                } else if (index.awaitOpen(deadline, () -> closed)) {
                    if (index.sealedAt() < 0) {
                        return index;
                    }
                } else if (closed) {
                    throw new StoreException("event log is closed");
                } else if (!recovered && index.generation > 0) {
                    recovered = true;
                    recoverRewrite(index);
                    deadline = deadline();
                } else {
                    throw new StoreException("generation " + index.generation + " of shop " + index.shop
                            + " did not open within " + config.timeout().toMillis() + " ms");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for shop " + index.shop, e);
        }
    }

    private ShopIndex usable(ShopId shop, boolean create) {
        ShopIndex index = shop(shop, create);
        return index == null ? null : usable(index);
    }

    /** Called on the indexer thread once a SEAL is indexed: sets up the next generation on another thread. */
    private void onSealed(ShopIndex sealed) {
        Thread.ofVirtual().name(clientId + "-next-generation-" + sealed.shop).start(() -> {
            ShopIndex next = newIndex(sealed.shop, sealed.generation + 1);
            while (!closed) {
                try {
                    topics.create(next.topic);
                    break;
                } catch (StoreException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot create " + next.topic + ", retrying: " + e);
                    sleepQuietly(500);
                }
            }
            if (closed) {
                return;
            }
            ShopIndex chosen = indexes.compute(sealed.shop,
                    (k, current) -> current == null || current.generation <= sealed.generation ? next : current);
            if (chosen == next) {
                indexer.track(next);
            }
            sealed.setSuccessor(chosen);
        });
    }

    /**
     * An append whose record landed after a SEAL is void on every node (nobody indexes it): send it again to the next
     * generation, completing the same future.
     */
    private void resend(ShopIndex sealed, byte[] key, byte[] value, CompletableFuture<Long> future) {
        resent.incrementAndGet();
        Thread.ofVirtual().name(clientId + "-resend-" + sealed.shop).start(() -> {
            try {
                send(usable(sealed), key, value, future);
            } catch (RuntimeException e) {
                future.completeExceptionally(e instanceof StoreException ? e
                        : new StoreException("cannot append to shop " + sealed.shop + ": " + e, e));
            }
        });
    }

    private void send(ShopIndex index, byte[] key, byte[] value, CompletableFuture<Long> result) {
        // the callback completes the result; the returned future carries nothing more
        var unused = producer.send(new ProducerRecord<>(index.topic, 0, key, value),
                (RecordMetadata md, Exception e) -> {
                    if (e != null) {
                        Thread.ofVirtual().name(clientId + "-check-" + index.shop).start(() -> replaceIfStale(index));
                        result.completeExceptionally(new StoreException(
                                "Kafka at " + config.bootstrapServers() + " did not acknowledge the append to "
                                        + index.topic + " (broker down or" + " unreachable?): " + e,
                                e));
                    } else {
                        index.whenIndexed(md.offset(), key, value, result);
                    }
                });
    }

    /** Sends one record and waits for the cluster's acknowledgement; returns its Kafka offset. */
    private long sendAndWait(String topic, byte[] value, String what) {
        try {
            return producer.send(new ProducerRecord<>(topic, 0, null, value))
                    .get(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw new StoreException("Kafka at " + config.bootstrapServers() + " did not acknowledge " + what + " in "
                    + topic + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new StoreException("Kafka at " + config.bootstrapServers() + " did not acknowledge " + what + " in "
                    + topic + " in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted writing " + what + " to " + topic, e);
        } catch (KafkaException e) {
            throw new StoreException("Kafka refused " + what + " in " + topic + ": " + e, e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until this node has indexed everything the cluster has acknowledged in the shop's topic so far. */
    private void catchUp(ShopIndex index) {
        long highWatermark;
        try {
            highWatermark = topics.highWatermark(index.topic);
        } catch (StoreException e) {
            replaceIfStale(index);
            throw e;
        }
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

    /**
     * After a failure on {@code index}'s topic: if the shop has a newer generation (this node missed the SEAL, e.g.
     * while cut off from Kafka longer than the deletion grace period, and the topic is gone), use that from now on.
     */
    private void replaceIfStale(ShopIndex index) {
        if (closed || index.sealedAt() >= 0) {
            return;
        }
        try {
            topics.refresh();
            int latest = topics.latestGeneration(index.shop);
            if (latest > index.generation) {
                ShopIndex fresh = newIndex(index.shop, latest);
                if (indexes.replace(index.shop, index, fresh)) {
                    LOG.log(System.Logger.Level.WARNING, "shop " + index.shop + " moved to generation " + latest
                            + " while this node was not following; continuing there");
                    indexer.untrack(index);
                    indexer.track(fresh);
                    index.setSuccessor(fresh);
                }
            }
        } catch (StoreException e) {
            // the cluster is unreachable: nothing to learn now
        }
    }

    /** How many appends this node sent again because they landed after a SEAL. */
    long resentAppends() {
        return resent.get();
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
            long id = appendSequence.incrementAndGet();
            inFlight.put(id, new InFlight(System.nanoTime(), result));
            var unused = result.whenComplete((offset, error) -> inFlight.remove(id));
            ShopIndex index = usable(shop, true);
            String subject = batch.get(0).subject();
            // keyed by user so that a later per-user partitioning keeps each user's order
            byte[] key = subject == null ? null : subject.getBytes(StandardCharsets.UTF_8);
            send(index, key, RecordFormat.encodeBatch(batch), result);
        } catch (StoreException e) {
            result.completeExceptionally(e);
        } catch (KafkaException e) {
            result.completeExceptionally(new StoreException(
                    "Kafka at " + config.bootstrapServers() + " refused the append to shop " + shop + ": " + e, e));
        } finally {
            closing.readLock().unlock();
        }
        return result;
    }

    @Override
    public long endOffset(ShopId shop) {
        ensureOpen();
        ShopIndex index = usable(shop, false);
        if (index == null) {
            return 0;
        }
        while (true) {
            catchUp(index);
            if (index.sealedAt() < 0) {
                return index.end();
            }
            index = usable(index);
        }
    }

    @Override
    public void replay(ShopId shop, long fromOffset, EventConsumer consumer) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0, got " + fromOffset);
        }
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        ShopIndex index = usable(shop, false);
        if (index == null) {
            return;
        }
        catchUp(index);
        reader.replay(index, fromOffset, consumer);
    }

    @Override
    public Subscription subscribe(ShopId shop, long fromOffset, EventConsumer consumer) {
        if (fromOffset < 0) {
            throw new IllegalArgumentException("fromOffset must be >= 0, got " + fromOffset);
        }
        Objects.requireNonNull(consumer, "consumer");
        ensureOpen();
        ShopIndex index = usable(shop, true);
        KafkaTail tail = new KafkaTail(index, fromOffset, newConsumer("tail"), consumer, subscriptions);
        subscriptions.add(tail);
        tail.start();
        return tail;
    }

    @Override
    public Set<ShopId> shops() {
        ensureOpen();
        return Collections.unmodifiableSet(topics.shops());
    }

    /**
     * Masks every stored event of the shop that matches, for every node and across restarts, with ERASE records; then
     * removes them physically by rewriting the shop into its next topic generation (ADR 0022).
     */
    @Override
    public long erase(ShopId shop, Predicate<Event> matching) {
        Objects.requireNonNull(matching, "matching");
        ensureOpen();
        ShopIndex index = usable(shop, false);
        if (index == null) {
            return 0;
        }
        while (true) {
            catchUp(index);
            List<Long> hits = new ArrayList<>();
            reader.replay(index, 0, e -> {
                if (matching.test(e.event())) {
                    hits.add(e.offset());
                }
            });
            if (hits.isEmpty()) {
                return 0;
            }
            long erased = 0;
            boolean voided = false;
            for (int from = 0; from < hits.size() && !voided; from += ERASE_CHUNK) {
                long[] offsets = hits.subList(from, Math.min(hits.size(), from + ERASE_CHUNK)).stream()
                        .mapToLong(Long::longValue).toArray();
                long kafkaOffset = sendAndWait(index.topic, RecordFormat.encodeErase(offsets), "an erasure");
                long n = awaitErasure(index, kafkaOffset);
                if (n == -2) {
                    voided = true;
                } else {
                    erased += n;
                }
            }
            if (voided) {
                index = usable(index); // the shop was rewritten meanwhile: erase in the new generation
                continue;
            }
            rewrite(index);
            return erased;
        }
    }

    private long awaitErasure(ShopIndex index, long kafkaOffset) {
        try {
            long n = index.awaitErasure(kafkaOffset, deadline());
            if (n == -1) {
                throw new StoreException("the erasure in " + index.topic + " is stored but was not read back within "
                        + config.timeout().toMillis() + " ms");
            }
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted erasing in " + index.topic, e);
        }
    }

    // ---- physical removal: rewriting a shop into its next generation

    /**
     * Seals the generation and, unless another node sealed it first (then that node rewrites), copies every unmasked
     * event into the next generation with its offset, opens it, and deletes the sealed topic after a grace period.
     * Appends that race with the rewrite land after the SEAL, are void everywhere, and are sent again to the next
     * generation by their own node once it is open.
     */
    private void rewrite(ShopIndex index) {
        long seal = sendAndWait(index.topic, RecordFormat.encodeSeal(), "a seal");
        try {
            if (!index.awaitIndexed(seal + 1, deadline(), () -> closed)) {
                throw new StoreException("the seal of " + index.topic + " was not read back within "
                        + config.timeout().toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted sealing " + index.topic, e);
        }
        if (index.sealedAt() == seal) {
            copyGeneration(index);
        }
        usable(index);
    }

    /** Writes the next generation of a sealed index: COPY records of every unmasked event, then OPEN. */
    private void copyGeneration(ShopIndex sealed) {
        String target = config.topicOf(sealed.shop.value(), sealed.generation + 1);
        topics.create(target);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<LoggedEvent> chunk = new ArrayList<>();
        reader.replay(sealed, 0, e -> {
            chunk.add(e);
            if (chunk.size() == COPY_CHUNK) {
                sent.add(producer.send(new ProducerRecord<>(target, 0, null, RecordFormat.encodeCopy(chunk))));
                chunk.clear();
            }
        });
        if (!chunk.isEmpty()) {
            sent.add(producer.send(new ProducerRecord<>(target, 0, null, RecordFormat.encodeCopy(chunk))));
        }
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(config.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new StoreException("rewriting " + sealed.topic + " into " + target
                        + " failed; the next node that waits for it redoes it: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted rewriting " + sealed.topic, e);
            }
        }
        // OPEN only after every COPY is acknowledged: an open generation is always complete
        sendAndWait(target, RecordFormat.encodeOpen(sealed.end()), "the opening of a rewritten generation");
        deleteLater(sealed.topic);
    }

    /**
     * The rewrite into {@code unopened} did not finish in time: redo it from the previous generation, if that topic
     * still exists (it is deleted only after the next generation opened).
     */
    private void recoverRewrite(ShopIndex unopened) {
        String previous = config.topicOf(unopened.shop.value(), unopened.generation - 1);
        topics.refresh();
        if (!topics.exists(previous)) {
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "generation " + unopened.generation + " of shop " + unopened.shop
                + " is not open; redoing its rewrite from " + previous);
        ShopIndex old = newIndex(unopened.shop, unopened.generation - 1);
        indexer.track(old);
        catchUp(old);
        if (old.sealedAt() >= 0) {
            copyGeneration(old);
        }
    }

    /** Deletes the sealed generations below {@code index} once it is open (after the grace period). */
    private void deleteOlderGenerationsOnceOpen(ShopIndex index) {
        List<String> older = topics.olderGenerations(index.shop, index.generation);
        if (older.isEmpty()) {
            return;
        }
        Thread.ofVirtual().name(clientId + "-cleanup-" + index.shop).start(() -> {
            try {
                if (index.awaitOpen(Long.MAX_VALUE / 2, () -> closed)) {
                    older.forEach(this::deleteLater);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Deletes a sealed generation's topic after two timeouts, so readers on other nodes still in it can finish; a node
     * that stops before then leaves it to the next node that opens the shop.
     */
    private void deleteLater(String topic) {
        Thread.ofVirtual().name(clientId + "-delete-" + topic).start(() -> {
            sleepQuietly(config.timeout().toMillis() * 2);
            if (closed) {
                return;
            }
            try {
                topics.delete(topic);
            } catch (StoreException e) {
                LOG.log(System.Logger.Level.WARNING, "could not delete the sealed topic " + topic + ": " + e);
            }
        });
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
        while (!inFlight.isEmpty() && System.nanoTime() < deadline) {
            sleepQuietly(5);
        }
        StoreException closedError = new StoreException(
                "event log closed before the append was confirmed; it may or may not be stored");
        for (InFlight f : List.copyOf(inFlight.values())) {
            f.future.completeExceptionally(closedError);
        }
        for (KafkaTail t : List.copyOf(subscriptions)) {
            t.close();
        }
        sweeper.interrupt();
        indexer.stop();
        producer.close(Duration.ofSeconds(5));
        topics.close();
        reader.close();
    }
}
