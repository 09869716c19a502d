package org.shoptide.ltr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.shoptide.engine.api.Scenario;

/**
 * A trained re-ranker stored with the offline comparison that decides whether it may serve. UTF-8 text, version 1:
 *
 * <pre>
 * shoptide-reranker 1
 * scenario=user
 * createdAt=2026-01-20T00:00:00Z
 * features=position,blend_rank,...        (LtrFeatures.NAMES when trained; a reader refuses another list)
 * comparison.&lt;key&gt;=&lt;value&gt;           (LtrComparison.toMap(), comparison.wins decides activation)
 * --- lightgbm model ---
 * &lt;LightGBM's text model, to the end of the file&gt;
 * </pre>
 *
 * A reader meeting another first line fails with a message naming it; keys it does not know are ignored.
 */
public record RerankerArtifact(Scenario scenario, Instant createdAt, List<String> features, LtrComparison comparison,
        String model) {
    static final String MAGIC = "shoptide-reranker";
    static final int VERSION = 1;
    static final String MODEL_MARKER = "--- lightgbm model ---";

    public RerankerArtifact {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(createdAt, "createdAt");
        features = List.copyOf(features);
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(model, "model");
    }

    /** The file name of a scenario's artifact in a shop's directory. */
    public static String fileName(Scenario scenario) {
        return scenario.wireName() + ".reranker";
    }

    public String write() {
        StringBuilder b = new StringBuilder();
        b.append(MAGIC).append(' ').append(VERSION).append('\n');
        b.append("scenario=").append(scenario.wireName()).append('\n');
        b.append("createdAt=").append(createdAt).append('\n');
        b.append("features=").append(String.join(",", features)).append('\n');
        comparison.toMap().forEach((k, v) -> b.append("comparison.").append(k).append('=').append(v).append('\n'));
        b.append(MODEL_MARKER).append('\n').append(model);
        return b.toString();
    }

    /** Writes the file atomically (a reader sees the old or the new artifact, never half of one). */
    public void writeTo(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, write(), StandardCharsets.UTF_8);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Parses {@link #write()}'s form; IllegalArgumentException says what is wrong. */
    public static RerankerArtifact parse(String text) {
        int marker = text.indexOf("\n" + MODEL_MARKER + "\n");
        if (marker < 0) {
            throw new IllegalArgumentException("no '" + MODEL_MARKER + "' line");
        }
        String[] lines = text.substring(0, marker).split("\n");
        String expected = MAGIC + " " + VERSION;
        if (!lines[0].equals(expected)) {
            throw new IllegalArgumentException("unsupported re-ranker artifact: first line '" + lines[0]
                    + "', this build reads '" + expected + "'");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        Map<String, String> comparison = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not key=value: " + lines[i]);
            }
            String k = lines[i].substring(0, eq);
            String v = lines[i].substring(eq + 1);
            if (k.startsWith("comparison.")) {
                comparison.put(k.substring("comparison.".length()), v);
            } else {
                kv.put(k, v);
            }
        }
        Scenario scenario = Scenario.valueOf(required(kv, "scenario").toUpperCase(Locale.ROOT));
        return new RerankerArtifact(scenario, Instant.parse(required(kv, "createdAt")),
                List.of(required(kv, "features").split(",")), LtrComparison.fromMap(comparison),
                text.substring(marker + MODEL_MARKER.length() + 2));
    }

    private static String required(Map<String, String> kv, String key) {
        String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("key '" + key + "' is missing");
        }
        return v;
    }
}
