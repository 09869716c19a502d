package org.shoptide.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RuleEvaluator evaluator = new RuleEvaluator(registry);
    Instant now = Instant.parse("2026-12-07T16:00:00Z");

    static AlertRule rule(String json) {
        return RuleSet.parse("{\"rules\":[" + json + "]}", "test").get(0);
    }

    List<RuleEvaluator.Result> at(AlertRule r, Duration later) {
        now = now.plus(later);
        List<RuleEvaluator.Result> out = evaluator.evaluate(r, now);
        evaluator.roundDone(now);
        return out;
    }

    @Test
    void shippedRulesParseAndCoverEveryShippedAlert() {
        assertThat(RuleSet.shipped()).extracting(AlertRule::name).containsExactly("ShoptideIngestErrors",
                "ShoptideRejectedEventRate", "ShoptideModelStale", "ShoptideRecommendLatencyBudgetBurn",
                "ShoptidePaymentFailures", "ShoptideFeedFailures", "ShoptideEventLogDiskLow");
        assertThat(RuleSet.shipped()).allSatisfy(r -> assertThat(r.runbook()).contains("OPERATIONS.md#"));
    }

    @Test
    void badRuleFilesReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> RuleSet.parse("""
                {"rules":[{"name":"x y","kind":"increase","metric":"m","op":"!=","threshold":"high","for":"5 min",
                  "extra":1},
                  {"name":"R","kind":"ratio","metric":"m","windows":["5m"],"op":">","threshold":1,"severity":"page",
                  "match":{"a":"("}}]}
                """, "rules.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rules[0]: unknown field 'extra'").hasMessageContaining("name must be")
                .hasMessageContaining("needs windows").hasMessageContaining("op must be")
                .hasMessageContaining("threshold must be a number").hasMessageContaining("not a duration")
                .hasMessageContaining("rules[1]: kind ratio needs denominator").hasMessageContaining("severity must be")
                .hasMessageContaining("match.a: not a regular expression");
        assertThatThrownBy(() -> RuleSet.parse("[]", "f")).hasMessageContaining("expected {\"rules\"");
    }

    @Test
    void increaseCountsGrowthOverTheWindowPerGroup() {
        AlertRule r = rule("""
                {"name":"E","kind":"increase","metric":"errors","by":["shop"],"windows":["1m"],"op":">","threshold":2}
                """);
        assertThat(at(r, Duration.ZERO)).isEmpty();
        Counter a = Counter.builder("errors").tag("shop", "a").tag("route", "x").register(registry);
        Counter a2 = Counter.builder("errors").tag("shop", "a").tag("route", "y").register(registry);
        Counter b = Counter.builder("errors").tag("shop", "b").register(registry);
        a.increment(2);
        a2.increment(1);
        b.increment(1);
        assertThat(at(r, Duration.ofSeconds(20))).containsExactlyInAnyOrder(
                new RuleEvaluator.Result(Map.of("shop", "a"), 3, true),
                new RuleEvaluator.Result(Map.of("shop", "b"), 1, false));
        assertThat(at(r, Duration.ofSeconds(20))).contains(new RuleEvaluator.Result(Map.of("shop", "a"), 3, true));
        a.increment(1);
        assertThat(at(r, Duration.ofSeconds(50))).contains(new RuleEvaluator.Result(Map.of("shop", "a"), 1, false));
    }

    @Test
    void ratioNeedsEnoughTrafficInTheWindow() {
        AlertRule r = rule("""
                {"name":"R","kind":"ratio","metric":"rejected","denominator":["accepted","rejected"],"windows":["5m"],
                 "minCount":10,"op":">","threshold":0.05}
                """);
        Counter ok = registry.counter("accepted");
        Counter bad = registry.counter("rejected");
        at(r, Duration.ZERO);
        bad.increment(2);
        assertThat(at(r, Duration.ofSeconds(15))).isEmpty(); // 2 events: too few to judge
        ok.increment(18);
        assertThat(at(r, Duration.ofSeconds(15))).containsExactly(new RuleEvaluator.Result(Map.of(), 0.1, true));
        ok.increment(180);
        assertThat(at(r, Duration.ofSeconds(15))).singleElement().satisfies(x -> assertThat(x.active()).isFalse());
    }

    @Test
    void gaugeRatioAndMatch() {
        AtomicLong free = new AtomicLong(5);
        AtomicLong total = new AtomicLong(100);
        Gauge.builder("disk.free", free, AtomicLong::get).tag("dir", "events").register(registry);
        Gauge.builder("disk.total", total, AtomicLong::get).tag("dir", "events").register(registry);
        Gauge.builder("disk.free", () -> 1).tag("dir", "other").register(registry);
        AlertRule r = rule("""
                {"name":"D","kind":"gauge","metric":"disk.free","denominator":["disk.total"],"match":{"dir":"ev.*"},
                 "op":"<","threshold":0.1}
                """);
        assertThat(at(r, Duration.ZERO)).containsExactly(new RuleEvaluator.Result(Map.of(), 0.05, true));
        free.set(50);
        assertThat(at(r, Duration.ZERO)).containsExactly(new RuleEvaluator.Result(Map.of(), 0.5, false));
    }

    @Test
    void slowRatioReadsTheHistogramBucketAtLeAndNeedsEveryWindow() {
        Timer t = Timer.builder("http").tag("route", "/v1/recommendations")
                .serviceLevelObjectives(Duration.ofMillis(250)).register(registry);
        AlertRule r = rule("""
                {"name":"L","kind":"slow_ratio","metric":"http","match":{"route":"/v1/recommendations"},"le":0.25,
                 "windows":["10m","1m"],"op":">","threshold":0.144}
                """);
        at(r, Duration.ZERO);
        for (int i = 0; i < 80; i++) {
            t.record(Duration.ofMillis(10));
        }
        for (int i = 0; i < 20; i++) {
            t.record(Duration.ofMillis(900));
        }
        assertThat(at(r, Duration.ofSeconds(30))).containsExactly(new RuleEvaluator.Result(Map.of(), 0.2, true));
        for (int i = 0; i < 100; i++) { // the last minute is fast again: the short window clears the alert
            t.record(Duration.ofMillis(10));
        }
        assertThat(at(r, Duration.ofSeconds(60))).singleElement().satisfies(x -> {
            assertThat(x.value()).isEqualTo(0.1);
            assertThat(x.active()).isFalse();
        });
    }

    @Test
    void windowedRulesMayResolveOnlyAfterTheirShortestWindowWasWatched() {
        AlertRule r = rule("""
                {"name":"E","kind":"increase","metric":"errors","windows":["5m"],"op":">","threshold":0}
                """);
        assertThat(evaluator.canResolve(r, now)).isFalse();
        at(r, Duration.ZERO);
        assertThat(evaluator.canResolve(r, now.plusSeconds(299))).isFalse();
        assertThat(evaluator.canResolve(r, now.plusSeconds(300))).isTrue();
    }
}
