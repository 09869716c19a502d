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
 * One train/evaluate split of a dataset: the training rows, the history rows, the evaluated users with their held-out
 * targets, the variants to score, and the instant the split happens (the clock of time-decayed models and of the
 * engine).
 * <p>
 * The <b>history rows</b> are what the models read as each user's history when ranking; they are the training rows
 * plus, for exact leave-one-out's test split, the rows between the training data and the test target (the validation
 * item), which a model sees as history but is never trained on. A model trained on one split can rank another whose
 * training rows are the same ({@link #sameTraining}).
 * <p>
 * Also holds the training popularity of every dataset item (the number of users whose summed training weight for it is
 * positive), used to break ties and to measure popularity bias.
 */
public final class Split {
    private final String name;
    private final Interactions data;
    private final int[] trainRows;
    private final int[] historyRows;
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
        this(name, data, trainRows, trainRows, variants, cases, clockMillis, facts);
    }

    /**
     * @param trainRows
     *            training rows in chronological order
     * @param historyRows
     *            the rows the cases' histories were built from, chronological: the training rows and possibly later
     *            rows that are history only
     * @param facts
     *            what the protocol wants reported about this split (cut, counts of skipped users, ...)
     */
    public Split(String name, Interactions data, int[] trainRows, int[] historyRows, List<Variant> variants,
            List<EvalCase> cases, long clockMillis, Map<String, Object> facts) {
        this.name = Objects.requireNonNull(name, "name");
        this.data = Objects.requireNonNull(data, "data");
        this.trainRows = trainRows.clone();
        this.historyRows = historyRows.clone();
        this.variants = List.copyOf(variants);
        this.cases = List.copyOf(cases);
        this.clockMillis = clockMillis;
        this.popularity = popularity(data, this.trainRows);
        Map<String, Object> f = new LinkedHashMap<>(facts);
        f.put("trainRows", this.trainRows.length);
        if (this.historyRows.length != this.trainRows.length) {
            f.put("historyOnlyRows", this.historyRows.length - this.trainRows.length);
        }
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

    /** The rows the cases' histories come from, chronological (the training rows when nothing is history only). */
    public int[] historyRows() {
        return historyRows.clone();
    }

    /**
     * The rows that are history but not training, chronological: what a model trained on this split's training rows has
     * not seen (empty for every protocol but exact leave-one-out's test split).
     */
    public int[] historyOnlyRows() {
        if (historyRows.length == trainRows.length) {
            return new int[0];
        }
        boolean[] trained = new boolean[data.size()];
        for (int r : trainRows) {
            trained[r] = true;
        }
        return Arrays.stream(historyRows).filter(r -> !trained[r]).toArray();
    }

    /**
     * Whether a model trained on {@code other} is the model this split would train: same dataset, same training rows,
     * same clock. Exact leave-one-out's two splits are; the harness then trains once and ranks both.
     */
    public boolean sameTraining(Split other) {
        return other.data == data && other.clockMillis == clockMillis && Arrays.equals(other.trainRows, trainRows);
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
        return trainingData(data, trainRows);
    }

    /** The given rows (chronological) of a dataset as {@link TrainingData}, as {@link #trainingData()} builds it. */
    public static TrainingData trainingData(Interactions data, int[] rows) {
        TrainingData td = new TrainingData();
        for (int r : rows) {
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
     * Builds the cases of the given users from their history rows: per user, items aggregated as {@link TrainingData}
     * does (summed weight, latest time).
     *
     * @param historyRows
     *            the rows the histories are built from, chronological (usually the training rows)
     * @param targets
     *            per dataset user, the held-out items (null or empty: not evaluated)
     */
    public static List<EvalCase> casesOf(Interactions data, int[] historyRows, int[][] targets) {
        int users = data.userCount();
        int[] count = new int[users + 1];
        for (int r : historyRows) {
            count[data.user(r) + 1]++;
        }
        for (int u = 0; u < users; u++) {
            count[u + 1] += count[u];
        }
        int[] byUser = new int[historyRows.length];
        int[] next = Arrays.copyOf(count, users);
        for (int r : historyRows) { // chronological within each user
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
