package org.shoptide.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ShopId;

/**
 * The shop topics of one prefix on the cluster, through the admin client: which exist (cached, refreshed on demand),
 * creating them with the log's settings, their high watermarks, deleting sealed generations. Every failure is a
 * {@link StoreException} within the configured timeout.
 */
final class ShopTopics implements AutoCloseable {
    private final KafkaEventLogConfig config;
    private final Admin admin;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    ShopTopics(KafkaEventLogConfig config, String clientId) {
        this.config = config;
        long timeoutMs = config.timeout().toMillis();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, clientId, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeoutMs, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeoutMs / 2)));
    }

    /**
     * Creates a shop topic: one partition (a shop's total order), kept forever (the log is the source of truth, and
     * offsets are derived from the record sequence, so neither retention nor compaction may remove records). An
     * existing topic is fine.
     */
    void create(String topic) {
        NewTopic t = new NewTopic(topic, Optional.of(1), config.replicationFactor());
        Map<String, String> configs = new HashMap<>();
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
        known.add(topic);
    }

    /** Reads the list of shop topics of this prefix from the cluster. */
    void refresh() {
        Set<String> names = call(admin.listTopics().names(), "listing topics");
        known.retainAll(names);
        for (String n : names) {
            String shop = config.shopOfTopic(n);
            if (shop != null && ShopId.isValid(shop) && config.generationOfTopic(n) >= 0) {
                known.add(n);
            }
        }
    }

    boolean exists(String topic) {
        return known.contains(topic);
    }

    /** The newest generation of the shop among the known topics, or -1 when it has none. */
    int latestGeneration(ShopId shop) {
        int latest = -1;
        for (String topic : known) {
            if (shop.value().equals(config.shopOfTopic(topic))) {
                latest = Math.max(latest, config.generationOfTopic(topic));
            }
        }
        return latest;
    }

    /** The known topics of the shop's generations below {@code generation}. */
    List<String> olderGenerations(ShopId shop, int generation) {
        List<String> older = new ArrayList<>();
        for (String topic : known) {
            if (shop.value().equals(config.shopOfTopic(topic)) && config.generationOfTopic(topic) < generation) {
                older.add(topic);
            }
        }
        return older;
    }

    /** Shops with a topic, after a refresh. */
    Set<ShopId> shops() {
        refresh();
        Set<ShopId> result = new TreeSet<>();
        for (String topic : known) {
            result.add(ShopId.of(config.shopOfTopic(topic)));
        }
        return result;
    }

    /** The end of what the cluster has acknowledged in the topic (its partition's high watermark). */
    long highWatermark(String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        return call(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp),
                "reading the end of " + topic).offset();
    }

    void delete(String topic) {
        call(admin.deleteTopics(List.of(topic)).all(), "deleting " + topic);
        known.remove(topic);
    }

    private <T> T call(KafkaFuture<T> f, String what) {
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

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
