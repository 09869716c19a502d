package org.shoptide.eval.protocol;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.eval.data.Interactions;

/**
 * A temporal split for purchase logs: train on everything before a cut, predict what each customer buys after it.
 * <p>
 * <b>Test:</b> training rows are those before {@code cut}; a customer is evaluated when they have a positive training
 * history and at least one positive row at or after the cut; their targets are the distinct items of those rows.
 * Customers with purchases after the cut but no history are skipped ({@code skippedColdUsers}): no personalised model
 * can do anything for them and every model would serve them the same fallback. Two variants are scored:
 * {@link Variant#ALL} (every target, nothing masked, so predicting a re-purchase counts) and {@link Variant#NEW} (only
 * items the customer never had before the cut, history masked).
 * <p>
 * <b>Validation:</b> the same construction inside the training period: rows before {@code validationCut} train, the
 * rows between it and {@code cut} are the targets. The default validation cut lies as far before the cut as the test
 * window (cut to the last row) is long, so validation and test predict windows of the same length. Nothing at or after
 * the cut is seen by validation.
 */
public record Temporal(Instant cut, Instant validationCut) implements Protocol {

    @Override
    public String name() {
        return "temporal";
    }

    @Override
    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "temporal");
        m.put("cut", cut.toString());
        m.put("validationCut", validationCut == null ? "same window length as test" : validationCut.toString());
        m.put("variants",
                "all (re-purchases count, nothing masked), new (only items not bought before, history masked)");
        m.put("coldUsers", "skipped");
        return m;
    }

    @Override
    public Splits split(Interactions data) {
        if (!data.provenance().realTimestamps()) {
            throw new IllegalArgumentException("--protocol temporal needs real timestamps; the "
                    + data.provenance().format() + " format has none (use --protocol loo)");
        }
        long[] range = data.timeRange();
        long c = cut.toEpochMilli();
        if (c <= range[0] || c > range[1]) {
            throw new IllegalArgumentException("--cut " + cut + " must fall inside the data, after its first row ("
                    + Instant.ofEpochMilli(range[0]) + ") and not after its last (" + Instant.ofEpochMilli(range[1])
                    + ")");
        }
        long v = validationCut != null ? validationCut.toEpochMilli() : c - (range[1] - c);
        if (v <= range[0] || v >= c) {
            throw new IllegalArgumentException("the validation cut " + Instant.ofEpochMilli(v)
                    + " must lie after the first row (" + Instant.ofEpochMilli(range[0]) + ") and before --cut " + cut
                    + "; pass a later --validation-cut");
        }
        int[] chrono = data.chronological();
        Split validation = split("validation", data, chrono, v, c);
        Split test = split("test", data, chrono, c, Long.MAX_VALUE);
        return new Splits(validation, test);
    }

    private static Split split(String name, Interactions data, int[] chrono, long from, long until) {
        int[] train = Arrays.stream(chrono).filter(r -> data.time(r) < from).toArray();
        boolean[] hasHistory = new boolean[data.userCount()];
        Map<Long, Float> sums = new HashMap<>();
        for (int r : train) {
            sums.merge(((long) data.user(r) << 32) | data.item(r), data.weight(r), Float::sum);
        }
        sums.forEach((k, w) -> {
            if (w > 0) {
                hasHistory[(int) (k >>> 32)] = true;
            }
        });
        int[][] targets = new int[data.userCount()][];
        boolean[] withTargets = new boolean[data.userCount()];
        for (int r : chrono) {
            long t = data.time(r);
            if (t >= from && t < until && data.weight(r) > 0) {
                int u = data.user(r);
                withTargets[u] = true;
                if (hasHistory[u]) {
                    int[] cur = targets[u] == null ? new int[0] : targets[u];
                    targets[u] = Arrays.copyOf(cur, cur.length + 1);
                    targets[u][cur.length] = data.item(r);
                }
            }
        }
        long cold = 0;
        long active = 0;
        for (int u = 0; u < withTargets.length; u++) {
            if (withTargets[u]) {
                active++;
                if (!hasHistory[u]) {
                    cold++;
                }
            }
        }
        List<EvalCase> cases = Split.casesOf(data, train, targets);
        long allTargets = 0;
        long newTargets = 0;
        for (EvalCase c : cases) {
            allTargets += c.targets().length;
            newTargets += c.targets(Variant.NEW).length;
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("cut", Instant.ofEpochMilli(from).toString());
        if (until != Long.MAX_VALUE) {
            facts.put("targetsUntil", Instant.ofEpochMilli(until).toString());
        }
        facts.put("usersWithTargets", active);
        facts.put("skippedColdUsers", cold);
        facts.put("targets", allTargets);
        facts.put("repeatTargets", allTargets - newTargets);
        return new Split(name, data, train, List.of(Variant.ALL, Variant.NEW), cases, from, facts);
    }
}
