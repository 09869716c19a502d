package org.shoptide.alerts;

import java.util.ArrayList;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Evaluates {@link AlertRule}s over a Micrometer registry. Windowed kinds keep, per rule and group, the cumulative
 * (numerator, denominator) pair seen at each evaluation for the rule's longest window; the increase over a window is
 * the current pair minus the newest one at least a window old (or the oldest kept, while the history is shorter than
 * the window). A group first seen after the first evaluation starts from zero (Micrometer counters are created at zero
 * on first use), so the first failures after start-up count. Not thread-safe: one evaluator thread.
 */
public final class RuleEvaluator {
    private final MeterRegistry registry;
    private final Map<String, Map<Map<String, String>, Deque<Sample>>> history = new HashMap<>();
    private Instant previous;
    private Instant started;

    private record Sample(Instant at, double num, double den) {
    }

    /** One group's value; {@code active} when the rule's condition holds in every window. */
    public record Result(Map<String, String> labels, double value, boolean active) {
    }

    /** An evaluator that treats the counters it sees in its first round as its baseline (they may be old). */
    public RuleEvaluator(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * An evaluator over a registry whose counters all started at zero at or after {@code start} (the server's
     * start-up): a series it has not seen yet counts from zero at {@code start}, so failures between start-up and the
     * first evaluation count too.
     */
    public RuleEvaluator(MeterRegistry registry, Instant start) {
        this.registry = registry;
        this.previous = start;
        this.started = start;
    }

    /** Every group of {@code rule} that has a value now, with whether the condition holds. */
    public List<Result> evaluate(AlertRule rule, Instant now) {
        return switch (rule.kind()) {
            case GAUGE -> gauge(rule);
            case INCREASE, RATIO, SLOW_RATIO -> windowed(rule, now);
        };
    }

    /** Call once per evaluation round, after every rule was evaluated at {@code now}. */
    public void roundDone(Instant now) {
        previous = now;
        if (started == null) {
            started = now;
        }
    }

    /**
     * Whether this evaluator has watched long enough to say that {@code rule} no longer holds: a gauge at once, a
     * windowed rule after its shortest window. Until then (e.g. right after a restart, when the counters started again
     * from zero) an instance that stored as firing is kept instead of being resolved for lack of history.
     */
    public boolean canResolve(AlertRule rule, Instant now) {
        if (rule.kind() == AlertRule.Kind.GAUGE) {
            return true;
        }
        Duration shortest = rule.windows().stream().min(Duration::compareTo).orElse(Duration.ZERO);
        return started != null && !now.isBefore(started.plus(shortest));
    }

    private List<Result> gauge(AlertRule rule) {
        Map<Map<String, String>, Double> num = sum(rule, rule.metric());
        Map<Map<String, String>, Double> den = rule.denominator().isEmpty() ? null : sumAll(rule, rule.denominator());
        return num.entrySet().stream().filter(e -> den == null || den.getOrDefault(e.getKey(), 0.0) > 0).map(e -> {
            double v = den == null ? e.getValue() : e.getValue() / den.get(e.getKey());
            return new Result(e.getKey(), v, rule.op().holds(v, rule.threshold()));
        }).toList();
    }

    private List<Result> windowed(AlertRule rule, Instant now) {
        Map<Map<String, String>, double[]> current = new LinkedHashMap<>();
        if (rule.kind() == AlertRule.Kind.SLOW_RATIO) {
            slow(rule).forEach((g, v) -> current.put(g, v));
        } else {
            Map<Map<String, String>, Double> num = sum(rule, rule.metric());
            Map<Map<String, String>, Double> den = rule.kind() == AlertRule.Kind.RATIO
                    ? sumAll(rule, rule.denominator())
                    : Map.of();
            num.forEach((g, v) -> current.put(g, new double[] { v, den.getOrDefault(g, 0.0) }));
            den.forEach((g, v) -> current.putIfAbsent(g, new double[] { 0, v }));
        }
        Map<Map<String, String>, Deque<Sample>> series = history.computeIfAbsent(rule.name(), n -> new HashMap<>());
        Duration keep = rule.longestWindow();
        List<Result> out = new ArrayList<>();
        for (Map.Entry<Map<String, String>, double[]> e : current.entrySet()) {
            Deque<Sample> samples = series.computeIfAbsent(e.getKey(), g -> {
                Deque<Sample> d = new ArrayDeque<>();
                if (previous != null) {
                    d.add(new Sample(previous, 0, 0));
                }
                return d;
            });
            samples.addLast(new Sample(now, e.getValue()[0], e.getValue()[1]));
            while (samples.size() > 1 && second(samples).at().compareTo(now.minus(keep)) <= 0) {
                samples.removeFirst();
            }
            Double first = null;
            boolean holds = true;
            for (Duration w : rule.windows()) {
                Double v = value(rule, samples, now.minus(w));
                if (v == null) {
                    holds = false;
                    break;
                }
                if (first == null) {
                    first = v;
                }
                holds &= rule.op().holds(v, rule.threshold());
            }
            if (first != null) {
                out.add(new Result(e.getKey(), first, holds));
            }
        }
        return out;
    }

    private static Sample second(Deque<Sample> samples) {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    /** The rule's value over the window starting at {@code from}, or null when it has none (no traffic). */
    private static Double value(AlertRule rule, Deque<Sample> samples, Instant from) {
        Sample base = samples.peekFirst();
        for (Sample s : samples) {
            if (s.at().compareTo(from) <= 0) {
                base = s;
            }
        }
        Sample now = samples.peekLast();
        double num = now.num() - base.num();
        double den = now.den() - base.den();
        return switch (rule.kind()) {
            case INCREASE -> num;
            case RATIO, SLOW_RATIO -> den <= 0 || den < rule.minCount() ? null : num / den;
            case GAUGE -> throw new IllegalStateException("gauge is not windowed");
        };
    }

    /** Slow and total counts of every matching timer, grouped. */
    private Map<Map<String, String>, double[]> slow(AlertRule rule) {
        Map<Map<String, String>, double[]> out = new LinkedHashMap<>();
        for (Meter m : registry.find(rule.metric()).meters()) {
            if (!(m instanceof Timer t) || !matches(rule, m)) {
                continue;
            }
            double fast = 0;
            for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
                if (b.bucket(TimeUnit.SECONDS) <= rule.le() * (1 + 1e-9)) {
                    fast = Math.max(fast, b.count());
                }
            }
            double total = t.count();
            double[] acc = out.computeIfAbsent(group(rule, m), g -> new double[2]);
            acc[0] += total - fast;
            acc[1] += total;
        }
        return out;
    }

    private Map<Map<String, String>, Double> sumAll(AlertRule rule, List<String> metrics) {
        Map<Map<String, String>, Double> out = new LinkedHashMap<>();
        for (String metric : metrics) {
            sum(rule, metric).forEach((g, v) -> out.merge(g, v, Double::sum));
        }
        return out;
    }

    private Map<Map<String, String>, Double> sum(AlertRule rule, String metric) {
        Map<Map<String, String>, Double> out = new LinkedHashMap<>();
        for (Meter m : registry.find(metric).meters()) {
            if (!matches(rule, m)) {
                continue;
            }
            Double v = null;
            for (Measurement x : m.measure()) {
                if (x.getStatistic() == Statistic.COUNT || x.getStatistic() == Statistic.VALUE) {
                    v = x.getValue();
                    break;
                }
            }
            if (v != null && !Double.isNaN(v)) {
                out.merge(group(rule, m), v, Double::sum);
            }
        }
        return out;
    }

    private static boolean matches(AlertRule rule, Meter m) {
        for (Map.Entry<String, String> e : rule.match().entrySet()) {
            String actual = m.getId().getTag(e.getKey());
            if (actual == null || !Pattern.compile(e.getValue()).matcher(actual).matches()) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> group(AlertRule rule, Meter m) {
        Map<String, String> g = new TreeMap<>();
        for (String by : rule.by()) {
            String v = null;
            for (Tag t : m.getId().getTags()) {
                if (t.getKey().equals(by)) {
                    v = t.getValue();
                }
            }
            g.put(by, v == null ? "" : v);
        }
        return g;
    }
}
