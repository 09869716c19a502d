package org.shoptide.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One rule of the built-in notifier, the in-process twin of an alert in {@code config/prometheus/shoptide-alerts.yml}
 * (same name, severity and intent). Its expression yields one value per group of series ({@code by} labels) and the
 * alert instance of a group is active while {@code value op threshold} holds:
 * <ul>
 * <li>{@link Kind#GAUGE}: the summed gauge value now; with {@code denominator}, divided by the summed denominator
 * gauges (e.g. free / total bytes)
 * <li>{@link Kind#INCREASE}: how much the summed counter grew over each window (Prometheus {@code increase})
 * <li>{@link Kind#RATIO}: increase of {@code metric} divided by the increase of the summed {@code denominator}
 * counters, over each window; a group whose denominator grew by less than {@code minCount} has no value
 * <li>{@link Kind#SLOW_RATIO}: the share of a timer's recordings slower than {@code le} seconds over each window (the
 * error ratio of a latency SLO; {@code le} must be one of the timer's histogram boundaries)
 * </ul>
 * With several windows (multi-window burn-rate alerts, Google SRE workbook ch. 5) the condition must hold in every
 * window and the value reported is the first window's.
 *
 * @param match
 *            tag name → Java regular expression the tag value must match in full
 * @param forDuration
 *            how long the condition must hold before the instance fires (Prometheus {@code for})
 */
public record AlertRule(String name, String severity, String summary, String description, String runbook, Kind kind,
        String metric, List<String> denominator, Map<String, String> match, List<String> by, List<Duration> windows,
        double le, double minCount, Op op, double threshold, Duration forDuration) {

    /** How the rule's value is computed. */
    public enum Kind {
        GAUGE, INCREASE, RATIO, SLOW_RATIO
    }

    /** The comparison of value and threshold. */
    public enum Op {
        GT(">"), GE(">="), LT("<"), LE("<=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean holds(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GE -> value >= threshold;
                case LT -> value < threshold;
                case LE -> value <= threshold;
            };
        }

        static Op of(String symbol) {
            for (Op o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("op must be one of >, >=, <, <=, got '" + symbol + "'");
        }
    }

    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(metric, "metric");
        denominator = List.copyOf(denominator);
        match = Map.copyOf(match);
        by = List.copyOf(by);
        windows = List.copyOf(windows);
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(forDuration, "forDuration");
    }

    /** The longest window (how much history the evaluator keeps for this rule). */
    public Duration longestWindow() {
        return windows.stream().max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
