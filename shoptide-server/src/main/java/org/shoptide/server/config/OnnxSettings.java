package org.shoptide.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.engine.api.Scenario;

/**
 * Shops' own ONNX models (docs/ONNX-MODELS.md, ADR 0034).
 *
 * @param dir
 *            where versions are stored, or null for {@code <data.dir>/onnx}
 * @param maxBytes
 *            the largest upload
 * @param timeout
 *            the per-request time-out of a ranking call
 * @param concurrency
 *            model calls at once
 * @param validationTimeout
 *            the longest one dry-run call of an upload may take
 * @param scenarios
 *            the scenarios an active model re-ranks
 */
public record OnnxSettings(Path dir, long maxBytes, Duration timeout, int concurrency, Duration validationTimeout,
        List<Scenario> scenarios) {

    /** Reads {@code onnx.*}. */
    static OnnxSettings parse(Map<String, String> v) {
        List<Scenario> scenarios = new ArrayList<>();
        for (String s : ServerConfig.required(v, ConfigKey.ONNX_SCENARIOS).split(",")) {
            String name = s.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            Scenario sc = null;
            for (Scenario c : Scenario.values()) {
                if (c.wireName().equals(name)) {
                    sc = c;
                }
            }
            if (sc == null) {
                throw new ConfigException(ConfigKey.ONNX_SCENARIOS.name() + ": '" + name + "' is no scenario");
            }
            if (!scenarios.contains(sc)) {
                scenarios.add(sc);
            }
        }
        return new OnnxSettings(ServerConfig.optionalPath(v, ConfigKey.ONNX_DIR),
                ServerConfig.longIn(v, ConfigKey.ONNX_MAX_BYTES, 1, Integer.MAX_VALUE - 64),
                Duration.ofMillis(ServerConfig.intIn(v, ConfigKey.ONNX_TIMEOUT_MS, 1, 60_000)),
                ServerConfig.intIn(v, ConfigKey.ONNX_CONCURRENCY, 1, 1024),
                Duration.ofMillis(ServerConfig.intIn(v, ConfigKey.ONNX_VALIDATION_TIMEOUT_MS, 1, 600_000)),
                List.copyOf(scenarios));
    }

    void putRedacted(Map<String, String> m, Path effectiveDir) {
        m.put(ConfigKey.ONNX_DIR.name(), effectiveDir.toString());
        m.put(ConfigKey.ONNX_MAX_BYTES.name(), Long.toString(maxBytes));
        m.put(ConfigKey.ONNX_TIMEOUT_MS.name(), Long.toString(timeout.toMillis()));
        m.put(ConfigKey.ONNX_CONCURRENCY.name(), Integer.toString(concurrency));
        m.put(ConfigKey.ONNX_VALIDATION_TIMEOUT_MS.name(), Long.toString(validationTimeout.toMillis()));
        m.put(ConfigKey.ONNX_SCENARIOS.name(), String.join(",", scenarios.stream().map(Scenario::wireName).toList()));
    }
}
