package org.shoptide.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shoptide.alerts.RuleSet;
import org.shoptide.server.http.Json;

/** The shipped monitoring files and the metric names they read. */
final class MonitoringConfig {
    private static final Pattern METRIC = Pattern.compile("\\b(shoptide_[a-z0-9_]+)");

    private MonitoringConfig() {
    }

    static Path repo() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("config/prometheus"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("config/prometheus not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Metric names in the Prometheus rules, the Grafana dashboard's queries and the notifier's shipped rules. */
    static Set<String> usedMetrics() {
        Set<String> names = new TreeSet<>();
        try {
            Matcher m = METRIC.matcher(Files.readString(repo().resolve("config/prometheus/shoptide-alerts.yml")));
            while (m.find()) {
                names.add(m.group(1));
            }
            for (String expr : grafanaExprs()) {
                Matcher g = METRIC.matcher(expr);
                while (g.find()) {
                    names.add(g.group(1));
                }
            }
            try (InputStream in = RuleSet.class.getResourceAsStream("shipped-rules.json")) {
                JsonNode rules = Json.MAPPER.readTree(in).get("rules");
                for (JsonNode r : rules) {
                    List<String> metrics = new ArrayList<>();
                    metrics.add(r.get("metric").asText());
                    r.path("denominator").forEach(d -> metrics.add(d.asText()));
                    for (String dotted : metrics) {
                        names.add(prometheusName(dotted, r.get("kind").asText()));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /**
     * Micrometer's Prometheus name of a meter: dots to underscores; counters end in _total, timers in _seconds_count.
     */
    static String prometheusName(String dotted, String kind) {
        String base = dotted.replace('.', '_');
        return switch (kind) {
            case "increase", "ratio" -> base + "_total";
            case "slow_ratio" -> base + "_seconds_count";
            default -> base;
        };
    }

    static List<String> grafanaExprs() {
        try {
            JsonNode dash = Json.MAPPER
                    .readTree(Files.readString(repo().resolve("config/grafana/shoptide.json"), StandardCharsets.UTF_8));
            List<String> exprs = new ArrayList<>();
            dash.get("panels").forEach(p -> p.path("targets").forEach(t -> exprs.add(t.get("expr").asText())));
            return exprs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every used metric appears in {@code scrape} (Prometheus text format). */
    static void assertEveryMetricIsExported(String scrape) {
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int end = line.indexOf('{');
            exported.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
        }
        Set<String> used = usedMetrics();
        assertThat(used).as("metrics read by the monitoring files").contains("shoptide_events_ingest_errors_total",
                "shoptide_payment_failures_total", "shoptide_eventlog_disk_free_bytes",
                "shoptide_http_requests_seconds_bucket", "shoptide_model_age_seconds");
        Set<String> missing = new TreeSet<>(used);
        missing.removeAll(exported);
        assertThat(missing).as("read by rules or dashboard but not exported; exported: " + exported).isEmpty();
        assertThat(scrape).contains("le=\"0.25\"");
    }
}
