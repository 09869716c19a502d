package org.shoptide.bench.data;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.shoptide.core.algo.Algorithms;
import org.shoptide.core.algo.ItemScorer;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.event.EventType;
import org.shoptide.core.kernel.Kernels;

/**
 * Training time and peak heap of the dense item models ({@code seqlinear}, {@code ease}) at a given catalog size, on
 * seeded sequences shaped like MovieLens-1M's: {@code 6,040 / 3,416} users per item (so about 290 interactions per
 * item), sequence lengths log-normal with ML-1M's median 96 and mean 165 (clamped to 20..2,300), and order in each
 * sequence: with probability 0.7 the next item is a near successor of the last one in a latent item order (a step of
 * 1..16, short steps likelier), else a draw from a Zipf-like popularity (exponent about 1); items are distinct per
 * user, as in {@code Sequences}.
 * <p>
 * Each model is trained once with the registry's defaults (two threads unless {@code --threads}); the line printed per
 * model gives the wall time of {@code Algorithms.train} and the peak heap during it: the sum of the heap pools' peak
 * usage, reset after building the data and a full GC (the method of docs/EVALUATION.md). Run one JVM per model with
 * {@code -Xmx2g} to prove the bound. The class uses only {@code Algorithms.train}, so the same command measures an
 * older build of shoptide-core put first on the class path.
 *
 * <pre>
 * java -Xmx2g -cp shoptide-bench/target/benchmarks.jar org.shoptide.bench.data.SeqLinearScale --items 12000 \
 *     --models seqlinear [--threads 2] [--seed 20240601] [--param key=value]
 * </pre>
 */
public final class SeqLinearScale {
    /** Held so that the logger, and the level set on it, are not collected. */
    private static final Logger PHASES = Logger.getLogger("org.shoptide.core.algo.Slist");

    private SeqLinearScale() {
    }

    public static void main(String[] args) {
        int items = 12_000;
        int threads = 2;
        long seed = BenchData.SEED;
        List<String> models = List.of("seqlinear", "ease");
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) { // every option takes one value
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--items" -> items = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--models" -> models = List.of(v.split(","));
                case "--param" -> {
                    String[] kv = v.split("=", 2);
                    params.put(kv[0], kv[1]);
                }
                default -> throw new IllegalArgumentException(
                        "unknown option " + a + " (--items N, --models a,b, --threads N, --seed S, --param key=value)");
            }
        }
        // the solver's phase times (system, inverse, product) are logged at DEBUG
        Logger phases = PHASES;
        phases.setLevel(Level.FINE);
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.FINE);
        phases.addHandler(handler);
        long t0 = System.nanoTime();
        TrainingData data = sequences(items, seed);
        System.out.printf(Locale.ROOT, "data: %d users, %d items, %d interactions, built in %.1f s; kernels %s%n",
                data.userCount(), data.itemCount(), data.interactionCount(), (System.nanoTime() - t0) / 1e9,
                Kernels.get().name());
        for (String model : models) {
            Map<String, String> p = new LinkedHashMap<>(params);
            p.put("threads", Integer.toString(threads));
            System.gc();
            long base = heapUsed();
            resetPeaks();
            long cpu0 = processCpuNanos();
            long start = System.nanoTime();
            ItemScorer s = Algorithms.train(model, data, p);
            double secs = (System.nanoTime() - start) / 1e9;
            double cpu = (processCpuNanos() - cpu0) / 1e9;
            long peak = heapPeak();
            System.out.printf(Locale.ROOT,
                    "%s: n=%d train %.1f s wall, %.1f CPU-s, peak heap %d MiB (before training: %d MiB), max heap %d"
                            + " MiB%n",
                    model, s.itemCount(), secs, cpu, peak >> 20, base >> 20, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** The seeded ML-1M-shaped sequences described in the class comment, as training data (one view per pair). */
    static TrainingData sequences(int items, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int users = (int) Math.round(items * 6040.0 / 3416.0);
        // latent order: a seeded permutation, so popularity and order are unrelated
        int[] order = new int[items];
        for (int i = 0; i < items; i++) {
            order[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        TrainingData data = new TrainingData();
        boolean[] seen = new boolean[items];
        List<Integer> picked = new ArrayList<>();
        String[] ids = new String[items];
        for (int i = 0; i < items; i++) {
            ids[i] = "i" + i;
        }
        long time = 0;
        for (int u = 0; u < users; u++) {
            int len = (int) Math.round(Math.exp(Math.log(96) + 1.04 * rnd.nextGaussian()));
            len = Math.max(20, Math.min(Math.min(2300, items / 2), len));
            int cur = popular(rnd, items);
            picked.clear();
            for (int tries = 0; picked.size() < len && tries < 4 * len; tries++) {
                if (rnd.nextDouble() < 0.7) {
                    int step = 1 + (int) (16 * Math.pow(rnd.nextDouble(), 3));
                    cur = (cur + step) % items;
                } else {
                    cur = popular(rnd, items);
                }
                int item = order[cur];
                if (!seen[item]) {
                    seen[item] = true;
                    picked.add(item);
                }
            }
            String user = "u" + u;
            for (int item : picked) {
                seen[item] = false;
                data.add(user, ids[item], EventType.VIEW, 1f, time++);
            }
        }
        return data;
    }

    /** A position in the latent order with Zipf-like probability (∝ 1/(rank+1), by inverse transform). */
    private static int popular(SplittableRandom rnd, int items) {
        return Math.min(items - 1, (int) Math.floor(Math.exp(rnd.nextDouble() * Math.log(items + 1.0)) - 1));
    }

    /** CPU time of the whole process (all threads, GC included), the fair measure on a shared machine. */
    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long heapUsed() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getUsage().getUsed();
            }
        }
        return sum;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
