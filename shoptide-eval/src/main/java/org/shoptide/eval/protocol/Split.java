package org.shoptide.eval.protocol;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.eval.data.Interactions;

/**
 * One train/evaluate split of a dataset: the training rows, the evaluated users with their held-out targets, the
 * variants to score, and the instant the split happens (the clock of time-decayed models and of the engine).
 * <p>
 * Also holds the training popularity of every dataset item (the number of users whose summed training weight for it is
 * positive), used to break ties and to measure popularity bias.
 */
public final class Split {
    private final String name;
    private final Interactions data;
    private final int[] trainRows;
    private final List<Variant> variants;
    private final List<EvalCase> cases;
    private final long clockMillis;
    private final Map<String, Object> facts;
    private final int[] popularity;

    /**
     * @param trainRows
     *            training rows in chronological order
     * @param facts
     *            what the protocol wants reported about this split (cut, counts of skipped users, ...)
     */
    public Split(String name, Interactions data, int[] trainRows, List<Variant> variants, List<EvalCase> cases,
            long clockMillis, Map<String, Object> facts) {
        this.name = Objects.requireNonNull(name, "name");
        this.data = Objects.requireNonNull(data, "data");
        this.trainRows = trainRows.clone();
        this.variants = List.copyOf(variants);
        this.cases = List.copyOf(cases);
        this.clockMillis = clockMillis;
        this.popularity = popularity(data, this.trainRows);
        Map<String, Object> f = new LinkedHashMap<>(facts);
        f.put("trainRows", this.trainRows.length);
        f.put("evaluatedUsers", this.cases.size());
        this.facts = Collections.unmodifiableMap(f);
    }

    /** {@code validation} or {@code test}. */
    public String name() {
        return name;
    }

    public Interactions data() {
        return data;
    }

    public int[] trainRows() {
        return trainRows.clone();
    }

    public int trainSize() {
        return trainRows.length;
    }

    public int trainRow(int k) {
        return trainRows[k];
    }

    public List<Variant> variants() {
        return variants;
    }

    public List<EvalCase> cases() {
        return cases;
    }

    public long clockMillis() {
        return clockMillis;
    }

    public Map<String, Object> facts() {
        return facts;
    }

    /** Training popularity of a dataset item. */
    public int popularity(int item) {
        return popularity[item];
    }

    /** Number of items ranked: every item of the dataset. */
    public int catalogSize() {
        return data.itemCount();
    }

    /**
     * The training rows as {@link TrainingData}, fed in chronological order with the rows' event types, weights and
     * times, so dense indexes are in order of first appearance in time.
     */
    public TrainingData trainingData() {
        TrainingData td = new TrainingData();
        for (int r : trainRows) {
            td.add(data.userId(data.user(r)), data.itemId(data.item(r)), data.type(r), data.weight(r), data.time(r));
        }
        return td;
    }

    private static int[] popularity(Interactions data, int[] rows) {
        Map<Long, Float> sums = new HashMap<>();
        for (int r : rows) {
            sums.merge(((long) data.user(r) << 32) | data.item(r), data.weight(r), Float::sum);
        }
        int[] pop = new int[data.itemCount()];
        sums.forEach((k, w) -> {
            if (w > 0) {
                pop[(int) (long) k]++;
            }
        });
        return pop;
    }

    /**
     * Builds the cases of the given users from the training rows: per user, items aggregated as {@link TrainingData}
     * does (summed weight, latest time).
     *
     * @param targets
     *            per dataset user, the held-out items (null or empty: not evaluated)
     */
    public static List<EvalCase> casesOf(Interactions data, int[] trainRows, int[][] targets) {
        int users = data.userCount();
        int[] count = new int[users + 1];
        for (int r : trainRows) {
            count[data.user(r) + 1]++;
        }
        for (int u = 0; u < users; u++) {
            count[u + 1] += count[u];
        }
        int[] byUser = new int[trainRows.length];
        int[] next = Arrays.copyOf(count, users);
        for (int r : trainRows) { // chronological within each user
            byUser[next[data.user(r)]++] = r;
        }
        List<EvalCase> out = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            if (targets[u] == null || targets[u].length == 0) {
                continue;
            }
            Map<Integer, double[]> agg = new LinkedHashMap<>(); // item -> {weight, last position}
            for (int k = count[u]; k < count[u + 1]; k++) {
                int r = byUser[k];
                double[] a = agg.computeIfAbsent(data.item(r), i -> new double[2]);
                a[0] = (float) a[0] + data.weight(r); // float sums, as TrainingData
                a[1] = k;
            }
            int[] touched = agg.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
            List<Map.Entry<Integer, double[]>> positive = new ArrayList<>();
            for (Map.Entry<Integer, double[]> e : agg.entrySet()) {
                if (e.getValue()[0] > 0) {
                    positive.add(e);
                }
            }
            positive.sort((a, b) -> Double.compare(a.getValue()[1], b.getValue()[1]));
            int[] history = new int[positive.size()];
            float[] weights = new float[positive.size()];
            for (int k = 0; k < history.length; k++) {
                history[k] = positive.get(k).getKey();
                weights[k] = (float) positive.get(k).getValue()[0];
            }
            int[] t = Arrays.stream(targets[u]).distinct().sorted().toArray();
            out.add(new EvalCase(u, history, weights, touched, t));
        }
        return out;
    }
}
