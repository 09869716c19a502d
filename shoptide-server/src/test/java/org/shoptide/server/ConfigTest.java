package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.config.AdapterUri;
import org.shoptide.server.config.ConfigException;
import org.shoptide.server.config.ConfigKey;
import org.shoptide.server.config.ServerConfig;

class ConfigTest {
    static final Path REFERENCE = Path.of("..", "config", "shoptide.reference.properties");

    @Test
    void referenceFileListsExactlyTheCodeKeysWithTheirDefaults() throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(REFERENCE, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> file = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> file.put(k, p.getProperty(k)));
        Map<String, String> code = new TreeMap<>();
        ConfigKey.ALL.values().forEach(k -> code.put(k.name(), k.defaultValue()));
        assertThat(file).isEqualTo(code);
        String text = Files.readString(REFERENCE);
        for (ConfigKey k : ConfigKey.ALL.values()) {
            assertThat(text).as("documents %s", k.name()).contains("# " + k.description())
                    .contains("# Environment: " + k.envName());
        }
        // and the reference file is itself a valid configuration equal to the defaults
        assertThat(ServerConfig.load(REFERENCE, Map.of())).isEqualTo(ServerConfig.defaults());
    }

    @Test
    void defaultsArePinned() {
        ServerConfig c = ServerConfig.defaults();
        assertThat(c.httpHost()).isEqualTo("0.0.0.0");
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.maxBodyBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(c.corsOrigins()).containsExactly("*");
        assertThat(c.dataDir()).isEqualTo(Path.of("./shoptide-data"));
        assertThat(c.operatorKey()).isNull();
        assertThat(c.eventLogUri()).isEqualTo(new AdapterUri("file", ""));
        assertThat(c.entitiesUri()).isEqualTo(new AdapterUri("sqlite", ""));
        assertThat(c.modelsUri()).isEqualTo(new AdapterUri("file", ""));
        assertThat(c.trainingDailyTime()).isEqualTo(LocalTime.of(3, 0));
        assertThat(c.trainingZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(c.trainingRank()).isEqualTo(64);
        assertThat(c.trainingIterations()).isEqualTo(10);
        assertThat(c.recommendDefaultN()).isEqualTo(10);
        assertThat(c.logFormat()).isEqualTo(ServerConfig.LogFormat.JSON);
        assertThat(c.logLevel()).isEqualTo("INFO");
    }

    @Test
    void fileThenEnvironmentOverride(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "http.port=9000\ntraining.daily-time=04:30\nentities.uri=sqlite:/tmp/x.db\n");
        ServerConfig c = ServerConfig.load(f, Map.of("SHOPTIDE_HTTP_PORT", "9100", "SHOPTIDE_LOG_FORMAT", "text",
                "PATH", "/bin", "SHOPTIDE_JAVA_OPTS", "-Xmx1g", "SHOPTIDE_HTTP_MAX_BODY_BYTES", "2048"));
        assertThat(c.httpPort()).isEqualTo(9100);
        assertThat(c.trainingDailyTime()).isEqualTo(LocalTime.of(4, 30));
        assertThat(c.entitiesUri().pathOr(dir)).isEqualTo(Path.of("/tmp/x.db"));
        assertThat(c.logFormat()).isEqualTo(ServerConfig.LogFormat.TEXT);
        assertThat(c.maxBodyBytes()).isEqualTo(2048);
    }

    @Test
    void unknownKeysFailNamingTheClosestKey(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("s.properties");
        Files.writeString(f, "http.prot=9000\n");
        assertThatThrownBy(() -> ServerConfig.load(f, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("'http.prot'").hasMessageContaining("'http.port'");
        assertThatThrownBy(() -> ServerConfig.load(null, Map.of("SHOPTIDE_DATA_DIRR", "/x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SHOPTIDE_DATA_DIRR")
                .hasMessageContaining("SHOPTIDE_DATA_DIR");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("training.ranks", "3")))
                .hasMessageContaining("training.rank");
    }

    @Test
    void badValuesFailWithTheKeyName() {
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("http.port", "http"))).hasMessageContaining("http.port");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("http.port", "70000"))).hasMessageContaining("65535");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("training.daily-time", "3am")))
                .hasMessageContaining("HH:mm");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("training.zone", "Mars/Base")))
                .hasMessageContaining("training.zone");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("log.format", "xml")))
                .hasMessageContaining("json or text");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("eventlog.uri", "/no/scheme")))
                .hasMessageContaining("scheme:path");
        assertThatThrownBy(() -> ServerConfig.fromMap(Map.of("operator.key", "short")))
                .hasMessageContaining("16 characters");
    }

    @Test
    void secretsAreRedacted() {
        ServerConfig c = ServerConfig.fromMap(Map.of("operator.key", "super-secret-operator-key"));
        assertThat(c.toString()).doesNotContain("super-secret-operator-key").contains("operator.key=***");
        assertThat(c.redacted().values()).doesNotContain("super-secret-operator-key");
        assertThat(c.redacted().keySet()).containsExactlyElementsOf(ConfigKey.ALL.keySet());
    }
}
