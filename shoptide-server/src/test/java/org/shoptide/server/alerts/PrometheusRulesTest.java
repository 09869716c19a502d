package org.shoptide.server.alerts;

import java.util.regex.Pattern;
import java.util.Locale;
import java.io.File;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.shoptide.alerts.AlertRule;
import org.shoptide.alerts.RuleSet;
import org.shoptide.server.http.Json;

/**
 * The shipped Prometheus rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules
 * config/prometheus/tests/*.yml}); skipped where promtool is not installed (Debian package {@code prometheus}) unless
 * {@code CI=true}. The Grafana dashboard parses and the notifier's rules are twins of Prometheus alerts.
 */
class PrometheusRulesTest {

    static Path promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(MonitoringConfig.repo().toFile()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    @Test
    void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
        Path promtool = promtool();
        assumeTrue(promtool != null || "true".equals(System.getenv("CI")), "promtool not installed");
        assertThat(promtool).as("promtool is required on CI (apt-get install prometheus)").isNotNull();
        assertThat(run(List.of(promtool.toString(), "check", "rules", "config/prometheus/shoptide-alerts.yml")))
                .contains("SUCCESS");
        List<String> test = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
        try (var files = Files.list(MonitoringConfig.repo().resolve("config/prometheus/tests"))) {
            files.filter(f -> f.toString().endsWith(".yml")).sorted()
                    .forEach(f -> test.add(MonitoringConfig.repo().relativize(f).toString()));
        }
        assertThat(test).hasSizeGreaterThan(3);
        assertThat(run(test)).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void everyAlertHasSeverityRunbookIntoOperationsAndAUnitTest() throws Exception {
        Path repo = MonitoringConfig.repo();
        String rules = Files.readString(repo.resolve("config/prometheus/shoptide-alerts.yml"));
        String tests;
        try (var files = Files.list(repo.resolve("config/prometheus/tests"))) {
            StringBuilder b = new StringBuilder();
            for (Path f : files.toList()) {
                b.append(Files.readString(f));
            }
            tests = b.toString();
        }
        String operations = Files.readString(repo.resolve("docs/OPERATIONS.md"));
        Set<String> alerts = new TreeSet<>();
        var m = Pattern.compile("- alert: (\\w+)").matcher(rules);
        while (m.find()) {
            alerts.add(m.group(1));
        }
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(9);
        for (String a : alerts) {
            assertThat(tests).as("unit test of " + a).contains("alertname: " + a);
        }
        var anchors = Pattern.compile("OPERATIONS\\.md#([a-z0-9-]+)").matcher(rules);
        while (anchors.find()) {
            assertThat(operations.toLowerCase(Locale.ROOT)).as("runbook section " + anchors.group(1))
                    .contains("### " + anchors.group(1));
        }
        for (AlertRule r : RuleSet.shipped()) {
            assertThat(alerts).as("the notifier's " + r.name() + " has a Prometheus twin").contains(r.name());
            assertThat(rules).contains(r.runbook());
        }
    }

    @Test
    void theGrafanaDashboardParsesAndQueriesShoptideMetrics() throws Exception {
        JsonNode dash = Json.MAPPER
                .readTree(Files.readString(MonitoringConfig.repo().resolve("config/grafana/shoptide.json")));
        assertThat(dash.get("uid").asText()).isEqualTo("shoptide-overview");
        List<String> exprs = MonitoringConfig.grafanaExprs();
        assertThat(exprs).hasSizeGreaterThan(10).allSatisfy(e -> assertThat(e).containsPattern("shoptide[_:]"));
        String all = String.join("\n", exprs);
        assertThat(all).contains("shoptide_http_requests_seconds_bucket", "shoptide_events_rejected_total",
                "shoptide_model_age_seconds", "shoptide_job_runs_total", "shoptide_feed_runs_total",
                "shoptide_payment_failures_total", "shoptide_eventlog_disk_free_bytes");
    }
}
