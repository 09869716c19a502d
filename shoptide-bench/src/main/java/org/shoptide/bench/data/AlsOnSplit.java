package org.shoptide.bench.data;

import com.sun.management.OperatingSystemMXBean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.shoptide.core.algo.ImplicitAls;
import org.shoptide.core.algo.TopK;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.event.EventType;

/**
 * Shoptide's implicit ALS ({@link ImplicitAls}) on the split files {@link WriteSplit} writes, timed exactly as
 * {@code bin/peer-spark-als epochs} times Spark: after a warm-up {@code train} with one iteration, {@code train} with 1
 * and with N iterations, and seconds per epoch = (T(N) − T(1)) / (N − 1), in wall time and in process CPU time; also
 * each epoch as {@link ImplicitAls.Result#epochMillis()} measures it (one user and one item half-step). Then Recall@20
 * and NDCG@20 of the N-iteration model on the holdout, with the same definitions as the peer tool:
 * <ul>
 * <li>each holdout user's items are ranked by x_u·y_i with the user's training items removed, equal scores to the lower
 * index; a holdout user without training lines counts 0;
 * <li>Recall@20 = hits / |held-out items|; NDCG@20 with binary gains 1/log2(position + 2), ideal = min(20, |T|) hits.
 * </ul>
 * Most-popular (items by number of training users) is ranked the same way, as a floor.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp shoptide-bench/target/benchmarks.jar org.shoptide.bench.data.AlsOnSplit \
 *     --train DIR/train.tsv --holdout DIR/holdout.tsv [--rank 64] [--iterations 15] [--threads 2] [--lambda 0.5] [--alpha 1]
 * </pre>
 */
public final class AlsOnSplit {
    private static final int K = 20;

    private AlsOnSplit() {
    }

    /** Recall@20 and NDCG@20 averaged over the holdout users. */
    public record Quality(int users, double recall, double ndcg) {
    }

    public static void main(String[] args) throws IOException {
        Path train = null;
        Path holdout = null;
        TrainingParams p = TrainingParams.defaults().withThreads(2);
        for (int a = 0; a < args.length; a += 2) {
            String v = a + 1 < args.length ? args[a + 1] : null;
            switch (args[a]) {
                case "--train" -> train = Path.of(v);
                case "--holdout" -> holdout = Path.of(v);
                case "--rank" -> p = p.withRank(Integer.parseInt(v));
                case "--iterations" -> p = p.withIterations(Integer.parseInt(v));
                case "--threads" -> p = p.withThreads(Integer.parseInt(v));
                case "--lambda" -> p = p.withRegularization(Float.parseFloat(v), p.regExponent(), p.regOffset());
                case "--alpha" -> p = p.withAlpha(Float.parseFloat(v));
                default -> throw new IllegalArgumentException("unknown argument " + args[a]
                        + " (--train FILE, --holdout FILE, --rank N, --iterations N, --threads N, --lambda L, --alpha A)");
            }
        }
        if (train == null) {
            throw new IllegalArgumentException("--train FILE is required");
        }
        long t0 = System.nanoTime();
        TrainingData data = read(train);
        TrainingData.Csr byUser = data.byUser();
        System.out.printf(Locale.ROOT, "train: %,d lines, %,d users, %,d items, %,d pairs (read in %,d ms)%n",
                data.eventCount(), data.userCount(), data.itemCount(), data.interactionCount(),
                (System.nanoTime() - t0) / 1_000_000);
        ForkJoinPool pool = new ForkJoinPool(p.threads());
        ExecutorService trainPool = p.threads() > 1 ? pool : null;
        try {
            Timed warm = Timed.train(byUser, p.withIterations(1), trainPool);
            System.gc();
            Timed one = Timed.train(byUser, p.withIterations(1), trainPool);
            System.gc();
            Timed all = Timed.train(byUser, p, trainPool);
            long[] e = all.result().epochMillis();
            int n = p.iterations();
            System.out.printf(Locale.ROOT,
                    "ALS rank %d, lambda %s, alpha %s, %d threads: warm-up train(1) %,d ms; train(1) %,d ms (CPU %,d ms); "
                            + "train(%d) %,d ms (CPU %,d ms)%n",
                    p.rank(), p.lambda(), p.alpha(), p.threads(), warm.millis(), one.millis(), one.cpuMillis(), n,
                    all.millis(), all.cpuMillis());
            if (n > 1) {
                System.out.printf(Locale.ROOT, "per epoch: %.2f s wall, %.2f CPU-s marginal ((T(%d) - T(1)) / %d)%n",
                        (all.millis() - one.millis()) / 1000.0 / (n - 1),
                        (all.cpuMillis() - one.cpuMillis()) / 1000.0 / (n - 1), n, n - 1);
            }
            System.out.printf(Locale.ROOT, "per epoch as ImplicitAls times it (ms): %s; mean %.2f s%n",
                    Arrays.toString(e), mean(e, 0) / 1000);
            if (holdout != null) {
                Map<String, List<String>> held = readHoldout(holdout);
                Map<String, List<String>> fresh = newItemsOnly(data, held);
                Map<String, Map<String, List<String>>> targetSets = new LinkedHashMap<>();
                targetSets.put("holdout, all items", held);
                targetSets.put("holdout, new items only", fresh);
                for (Map.Entry<String, Map<String, List<String>>> t : targetSets.entrySet()) {
                    Map<String, List<String>> targets = t.getValue();
                    Quality als = quality(data, targets, factorScorer(all.result()), pool);
                    Quality popular = quality(data, targets, popularityScorer(data.byItem()), pool);
                    System.out.printf(Locale.ROOT,
                            "%s, %,d users: ALS Recall@20 %.4f NDCG@20 %.4f; most-popular Recall@20 %.4f NDCG@20 %.4f%n",
                            t.getKey(), als.users(), als.recall(), als.ndcg(), popular.recall(), popular.ndcg());
                }
            }
            System.out.printf(Locale.ROOT, "java %s, %d CPUs, load average %.2f%n", System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            pool.shutdown();
        }
    }

    /** One {@link ImplicitAls#train} call with its wall time and the process's CPU time (all threads). */
    record Timed(ImplicitAls.Result result, long millis, long cpuMillis) {
        static Timed train(TrainingData.Csr byUser, TrainingParams p, ExecutorService pool) {
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            ImplicitAls.Result r = ImplicitAls.train(byUser, p, pool);
            long t1 = System.nanoTime();
            return new Timed(r, (t1 - t0) / 1_000_000, (cpuNanos() - c0) / 1_000_000);
        }

        private static long cpuNanos() {
            return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        }
    }

    private static double mean(long[] a, int from) {
        if (a.length <= from) {
            return Double.NaN;
        }
        return Arrays.stream(a, from, a.length).average().orElse(Double.NaN);
    }

    /** Reads {@code user\titem\tweight\tepochMillis} lines (event types do not matter to ALS; all count as views). */
    public static TrainingData read(Path file) throws IOException {
        TrainingData data = new TrainingData();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String[] f = line.split("\t", -1);
                if (f.length != 4 || f[0].isEmpty() || f[1].isEmpty()) {
                    throw new IllegalArgumentException(
                            file + " line " + n + ": expected user, item, weight, epochMillis");
                }
                try {
                    data.add(f[0], f[1], EventType.VIEW, Float.parseFloat(f[2]), Long.parseLong(f[3]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + n + ": bad weight or epochMillis", e);
                }
            }
        }
        return data;
    }

    /** Each user's distinct held-out items from {@code user\titem} lines, in order of first appearance. */
    public static Map<String, List<String>> readHoldout(Path file) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                String[] f = line.split("\t", -1);
                if (f.length != 2 || f[0].isEmpty() || f[1].isEmpty()) {
                    throw new IllegalArgumentException(file + " line " + n + ": expected user, item");
                }
                List<String> items = out.computeIfAbsent(f[0], k -> new ArrayList<>());
                if (!items.contains(f[1])) {
                    items.add(f[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }

    /**
     * The targets without the items each user trained on (which a ranking without training items can never hit); users
     * left with none are dropped. On a {@link WriteSplit} holdout this changes nothing.
     */
    public static Map<String, List<String>> newItemsOnly(TrainingData data, Map<String, List<String>> held) {
        TrainingData.Csr byUser = data.byUser();
        Map<String, List<String>> out = new LinkedHashMap<>();
        held.forEach((user, items) -> {
            int u = data.userIndex(user);
            List<String> fresh = items.stream().filter(id -> {
                int i = data.itemIndex(id);
                return u < 0 || i < 0
                        || Arrays.binarySearch(byUser.indexes(), byUser.offsets()[u], byUser.offsets()[u + 1], i) < 0;
            }).toList();
            if (!fresh.isEmpty()) {
                out.put(user, fresh);
            }
        });
        return out;
    }

    /** Scores every item for a user index into {@code out}. */
    @FunctionalInterface
    public interface Scorer {
        void score(int user, float[] out);
    }

    static Scorer factorScorer(ImplicitAls.Result r) {
        int rank = r.rank();
        float[] x = r.userFactors();
        float[] y = r.itemFactors();
        return (u, out) -> {
            for (int i = 0; i < out.length; i++) {
                float s = 0;
                for (int k = 0; k < rank; k++) {
                    s += x[u * rank + k] * y[i * rank + k];
                }
                out[i] = s;
            }
        };
    }

    static Scorer popularityScorer(TrainingData.Csr byItem) {
        return (u, out) -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = byItem.rowLength(i);
            }
        };
    }

    /** Recall@20 and NDCG@20 of {@code scorer} on {@code held} (see the class comment). */
    public static Quality quality(TrainingData data, Map<String, List<String>> held, Scorer scorer, ForkJoinPool pool) {
        TrainingData.Csr byUser = data.byUser();
        List<Map.Entry<String, List<String>>> users = new ArrayList<>(held.entrySet());
        double[] recall = new double[users.size()];
        double[] ndcg = new double[users.size()];
        ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[data.itemCount()]);
        try {
            pool.submit(() -> IntStream.range(0, users.size()).parallel().forEach(x -> {
                int u = data.userIndex(users.get(x).getKey());
                if (u < 0) {
                    return;
                }
                float[] s = scratch.get();
                scorer.score(u, s);
                int from = byUser.offsets()[u];
                int to = byUser.offsets()[u + 1];
                int[] cols = byUser.indexes();
                int[] top = TopK.select(s, K, i -> Arrays.binarySearch(cols, from, to, i) >= 0);
                Set<String> targets = new HashSet<>(users.get(x).getValue());
                int hits = 0;
                double dcg = 0;
                for (int p = 0; p < top.length; p++) {
                    if (targets.contains(data.itemId(top[p]))) {
                        hits++;
                        dcg += 1 / log2(p + 2);
                    }
                }
                double ideal = 0;
                for (int p = 0; p < Math.min(K, targets.size()); p++) {
                    ideal += 1 / log2(p + 2);
                }
                recall[x] = (double) hits / targets.size();
                ndcg[x] = dcg / ideal;
            })).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        int n = users.size();
        return new Quality(n, n == 0 ? 0 : Arrays.stream(recall).sum() / n, n == 0 ? 0 : Arrays.stream(ndcg).sum() / n);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
