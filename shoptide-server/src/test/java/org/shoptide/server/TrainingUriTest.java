package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ConfigException;
import org.shoptide.server.config.ServerConfig;

/** {@code training.uri} and the {@code lake.*} / {@code training.spark.*} keys at start-up. */
class TrainingUriTest {
    @TempDir
    Path dataDir;

    private ServerConfig config(String... kv) {
        Map<String, String> m = new HashMap<>(Map.of("data.dir", dataDir.toString()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return ServerConfig.fromMap(m);
    }

    @Test
    void anUnknownSchemeFailsStartUpNamingTheSupportedOnes() {
        assertThatThrownBy(() -> Composition.open(config("training.uri", "hdfs://namenode/x"), Clock.systemUTC(),
                Engines.production())).isInstanceOf(ConfigException.class).hasMessageContaining("training.uri")
                        .hasMessageContaining("local:").hasMessageContaining("spark:");
    }

    @Test
    void sparkWithoutABuiltJobFailsStartUpSayingHowToBuildIt() {
        assertThatThrownBy(() -> Composition.open(config("training.uri", "spark:local[1]", "training.spark.job-module",
                dataDir.resolve("no-such-module").toString()), Clock.systemUTC(), Engines.production()))
                        .isInstanceOf(ConfigException.class).hasMessageContaining("training.spark.job-module")
                        .hasMessageContaining("-Pspark");
    }

    @Test
    void lakeDefaultsAndWhichNodeWritesIt() {
        ServerConfig d = config();
        assertThat(d.lakePath()).isEqualTo(dataDir.resolve("lake"));
        assertThat(d.withDataDir(Path.of("elsewhere")).lakePath()).isEqualTo(Path.of("elsewhere", "lake"));
        assertThat(d.lake().sparkTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(d.lake().sparkDriverHeap()).isEqualTo("4g");
        assertThat(d.lake().sparkJobModule()).isNull();
        assertThat(d.lake().sparkJavaHome()).isNull();
        assertThat(config("lake.path", "/shared/lake").lakePath()).isEqualTo(Path.of("/shared/lake"));
        // one writer: the node that runs the scheduled trainings
        assertThat(Engines.writesLake(d)).isFalse();
        assertThat(Engines.writesLake(config("training.uri", "spark:local[2]"))).isTrue();
        assertThat(Engines.writesLake(config("training.uri", "spark:local[2]", "training.scheduled", "false")))
                .isFalse();
        assertThat(Engines.writesLake(config("lake.enabled", "true"))).isTrue();
        assertThat(Engines.writesLake(config("lake.enabled", "true", "training.scheduled", "false"))).isFalse();
        assertThatThrownBy(() -> config("training.spark.driver-heap", "lots")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.spark.driver-heap");
        assertThatThrownBy(() -> config("training.spark.timeout-minutes", "0")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("training.spark.timeout-minutes");
    }
}
