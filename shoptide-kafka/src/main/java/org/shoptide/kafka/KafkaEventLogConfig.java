package org.shoptide.kafka;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of a {@link KafkaEventLog}, parsed from {@code kafka://host:port[,host:port...][?key=value&...]}. Keys
 * (unknown keys are refused):
 * <ul>
 * <li>{@code topicPrefix} (default {@code shoptide.}): shop topics are named {@code <prefix>events.<shopId>}; several
 * deployments or tests can share a cluster with different prefixes.
 * <li>{@code replicationFactor} (default: the broker's {@code default.replication.factor}): for topics this log
 * creates. Use 3 in production.
 * <li>{@code minInsyncReplicas} (default: the broker's): for topics this log creates; with {@code acks=all} an append
 * is acknowledged only once this many replicas have it. Use 2 in production.
 * <li>{@code timeoutMs=N} (default 10000, at least 2000): the longest an append, a read or an admin call waits for the
 * cluster before failing with a {@code StoreException}.
 * </ul>
 */
public record KafkaEventLogConfig(String bootstrapServers, String topicPrefix, Optional<Short> replicationFactor,
        Optional<Integer> minInsyncReplicas, Duration timeout) {
    private static final Set<String> KEYS = Set.of("topicPrefix", "replicationFactor", "minInsyncReplicas",
            "timeoutMs");
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:[0-9]{1,5}");
    private static final Pattern TOPIC_CHARS = Pattern.compile("[A-Za-z0-9._-]*");

    public KafkaEventLogConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(replicationFactor, "replicationFactor");
        Objects.requireNonNull(minInsyncReplicas, "minInsyncReplicas");
        Objects.requireNonNull(timeout, "timeout");
        for (String hp : bootstrapServers.split(",", -1)) {
            if (!HOST_PORT.matcher(hp).matches()) {
                throw new IllegalArgumentException(
                        "kafka event log needs host:port[,host:port...], got '" + bootstrapServers + "'");
            }
        }
        if (!TOPIC_CHARS.matcher(topicPrefix).matches() || topicPrefix.length() > 150) {
            throw new IllegalArgumentException("topicPrefix may only hold A-Z, a-z, 0-9, '.', '_' and '-' (at most 150"
                    + " characters), got '" + topicPrefix + "'");
        }
        replicationFactor.ifPresent(r -> {
            if (r < 1) {
                throw new IllegalArgumentException("replicationFactor must be >= 1, got " + r);
            }
        });
        minInsyncReplicas.ifPresent(r -> {
            if (r < 1) {
                throw new IllegalArgumentException("minInsyncReplicas must be >= 1, got " + r);
            }
        });
        if (timeout.toMillis() < 2000) {
            throw new IllegalArgumentException("timeoutMs must be >= 2000, got " + timeout.toMillis());
        }
    }

    /** Parses {@code kafka://host:port[,host:port]?topicPrefix=...&replicationFactor=...&...}. */
    public static KafkaEventLogConfig parse(String uri) {
        Objects.requireNonNull(uri, "uri");
        URI u;
        try {
            u = URI.create(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a kafka:// URI: '" + uri + "'", e);
        }
        if (!"kafka".equals(u.getScheme()) || u.getRawAuthority() == null) {
            throw new IllegalArgumentException("kafka event log URI must look like kafka://host:port[,host:port]"
                    + "[?topicPrefix=...], got '" + uri + "'");
        }
        if (u.getRawPath() != null && !u.getRawPath().isEmpty() && !"/".equals(u.getRawPath())) {
            throw new IllegalArgumentException("kafka event log URI takes no path, got '" + u.getRawPath() + "'");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (u.getRawQuery() != null && !u.getRawQuery().isEmpty()) {
            for (String pair : u.getRawQuery().split("&", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(
                            "kafka event log URI parameter must be key=value, got '" + pair + "'");
                }
                String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                if (!KEYS.contains(key)) {
                    throw new IllegalArgumentException(
                            "unknown kafka event log URI parameter '" + key + "' (known: " + KEYS + ")");
                }
                if (params.put(key, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null) {
                    throw new IllegalArgumentException("kafka event log URI parameter '" + key + "' given twice");
                }
            }
        }
        return new KafkaEventLogConfig(u.getRawAuthority(), params.getOrDefault("topicPrefix", "shoptide."),
                Optional.ofNullable(params.get("replicationFactor")).map(v -> (short) number("replicationFactor", v)),
                Optional.ofNullable(params.get("minInsyncReplicas")).map(v -> (int) number("minInsyncReplicas", v)),
                Duration.ofMillis(number("timeoutMs", params.getOrDefault("timeoutMs", "10000"))));
    }

    private static long number(String key, String value) {
        try {
            long n = Long.parseLong(value);
            if (n > Integer.MAX_VALUE || ("replicationFactor".equals(key) && n > Short.MAX_VALUE)) {
                throw new IllegalArgumentException(key + " is too large: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'", e);
        }
    }

    /**
     * The topic holding generation {@code generation} of a shop's events: {@code <prefix>events.<shopId>} for 0,
     * {@code <prefix>events.<shopId>.g<generation>} after rewrites (shop ids hold no '.').
     */
    String topicOf(String shopId, int generation) {
        return topicPrefix + "events." + shopId + (generation == 0 ? "" : ".g" + generation);
    }

    /** The shop id of a shop topic name, or null when the name is no shop topic of this prefix. */
    String shopOfTopic(String topic) {
        if (!topic.startsWith(shopTopicPrefix())) {
            return null;
        }
        String rest = topic.substring(shopTopicPrefix().length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** The generation of a shop topic name (see {@link #topicOf}), or -1 when malformed. */
    int generationOfTopic(String topic) {
        String rest = topic.substring(shopTopicPrefix().length());
        int dot = rest.indexOf('.');
        if (dot < 0) {
            return 0;
        }
        String g = rest.substring(dot + 1);
        if (!g.matches("g[1-9][0-9]{0,8}")) {
            return -1;
        }
        return Integer.parseInt(g.substring(1));
    }

    /** The common start of every shop topic name. */
    String shopTopicPrefix() {
        return topicPrefix + "events.";
    }
}
