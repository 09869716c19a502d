package org.shoptide.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kafka:// URI: defaults, every key, and clear refusals. */
class KafkaEventLogConfigTest {
    @Test
    void defaults() {
        KafkaEventLogConfig c = KafkaEventLogConfig.parse("kafka://127.0.0.1:9092");
        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(c.topicPrefix()).isEqualTo("shoptide.");
        assertThat(c.replicationFactor()).isEmpty();
        assertThat(c.minInsyncReplicas()).isEmpty();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.topicOf("shop-1", 0)).isEqualTo("shoptide.events.shop-1");
    }

    @Test
    void everyKey() {
        KafkaEventLogConfig c = KafkaEventLogConfig.parse("kafka://k1:9092,k2:9093,k3:9094?topicPrefix=prod.&"
                + "replicationFactor=3&minInsyncReplicas=2&timeoutMs=5000");
        assertThat(c.bootstrapServers()).isEqualTo("k1:9092,k2:9093,k3:9094");
        assertThat(c.topicPrefix()).isEqualTo("prod.");
        assertThat(c.replicationFactor()).isEqualTo(Optional.of((short) 3));
        assertThat(c.minInsyncReplicas()).isEqualTo(Optional.of(2));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void topicNamesOfGenerationsRoundTrip() {
        KafkaEventLogConfig c = KafkaEventLogConfig.parse("kafka://h:1?topicPrefix=p.");
        assertThat(c.topicOf("s_1", 7)).isEqualTo("p.events.s_1.g7");
        assertThat(c.shopOfTopic("p.events.s_1.g7")).isEqualTo("s_1");
        assertThat(c.generationOfTopic("p.events.s_1.g7")).isEqualTo(7);
        assertThat(c.generationOfTopic("p.events.s_1")).isZero();
        assertThat(c.generationOfTopic("p.events.s_1.x")).isEqualTo(-1);
        assertThat(c.shopOfTopic("other.events.s_1")).isNull();
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("redis://h:1")).hasMessageContaining("kafka://host:port");
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("kafka://h:1?topicprefix=x"))
                .hasMessageContaining("unknown kafka event log URI parameter 'topicprefix'");
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("kafka://h?topicPrefix=x"))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("kafka://h:1?topicPrefix=a/b"))
                .hasMessageContaining("topicPrefix may only hold");
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("kafka://h:1?timeoutMs=10"))
                .hasMessageContaining("timeoutMs must be >= 2000");
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("kafka://h:1?replicationFactor=three"))
                .hasMessageContaining("replicationFactor must be a whole number");
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("kafka://h:1?minInsyncReplicas=0"))
                .hasMessageContaining("minInsyncReplicas must be >= 1");
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("kafka://h:1?timeoutMs=3000&timeoutMs=4000"))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> KafkaEventLogConfig.parse("kafka://h:1/path")).hasMessageContaining("no path");
    }
}
