package org.shoptide.bench.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.SplittableRandom;
import org.shoptide.testing.synthetic.SyntheticShop;

/**
 * Writes a seeded synthetic shop as a temporal split, so that Shoptide ({@link AlsOnSplit}) and peers such as Spark
 * MLlib ALS ({@code bin/peer-spark-als epochs}) train on the same files:
 * <ul>
 * <li>{@code train.tsv}: {@code user\titem\tweight\tepochMillis}, every interaction before the cut, one line each, with
 * {@link SyntheticShop#defaultWeight} (view 1, cart 4, purchase line 8);
 * <li>{@code holdout.tsv}: {@code user\titem}, for {@code holdoutUsers} users drawn with the seed among those with
 * training lines, the distinct items they touched after the cut and not before (so a model that skips training items
 * can hit every one).
 * </ul>
 * The cut is at {@code trainFraction} of the shop's period; {@link SyntheticShop}'s timestamps grow linearly with the
 * event index, so that is also that fraction of the events.
 *
 * <pre>
 * java -cp shoptide-bench/target/benchmarks.jar org.shoptide.bench.data.WriteSplit --shape ml20m --out DIR
 *     [--train-fraction 0.8] [--holdout-users 10000] [--seed 20240601]
 * </pre>
 */
public final class WriteSplit {
    private WriteSplit() {
    }

    /** What was written. */
    public record Summary(long trainLines, long trainPairs, int trainUsers, int holdoutUsers, long holdoutPairs,
            long cutMillis) {
    }

    public static void main(String[] args) {
        String shape = "ml20m";
        Path out = null;
        double trainFraction = 0.8;
        int holdoutUsers = 10_000;
        long seed = BenchData.SEED;
        for (int a = 0; a < args.length; a += 2) {
            String value = a + 1 < args.length ? args[a + 1] : null;
            switch (args[a]) {
                case "--shape" -> shape = value;
                case "--out" -> out = value == null ? null : Path.of(value);
                case "--train-fraction" -> trainFraction = Double.parseDouble(value);
                case "--holdout-users" -> holdoutUsers = Integer.parseInt(value);
                case "--seed" -> seed = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[a]
                        + " (--shape tiny|small|ml20m, --out DIR, --train-fraction F, --holdout-users N, --seed S)");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        long t0 = System.nanoTime();
        Summary s = write(BenchData.shop(shape), trainFraction, holdoutUsers, seed, out);
        System.out.printf(Locale.ROOT,
                "%s: %,d train lines (%,d users, %,d pairs), holdout %,d users × %,d pairs; cut %d; %.1f s%n", out,
                s.trainLines(), s.trainUsers(), s.trainPairs(), s.holdoutUsers(), s.holdoutPairs(), s.cutMillis(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** Writes {@code out/train.tsv} and {@code out/holdout.tsv}; see the class comment. */
    public static Summary write(SyntheticShop shop, double trainFraction, int holdoutUsers, long seed, Path out) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("trainFraction must be in (0, 1): " + trainFraction);
        }
        if (holdoutUsers < 1) {
            throw new IllegalArgumentException("holdoutUsers must be >= 1: " + holdoutUsers);
        }
        SyntheticShop.Config c = shop.config();
        long cut = c.start().toEpochMilli() + (long) (c.period().toMillis() * trainFraction);
        LongSet trained = new LongSet();
        BitSet hasTraining = new BitSet(shop.userCount());
        BitSet eligible = new BitSet(shop.userCount());
        long[] lines = new long[1];
        try {
            Files.createDirectories(out);
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve("train.tsv"), StandardCharsets.UTF_8)) {
                StringBuilder line = new StringBuilder(64);
                shop.forEachInteraction((u, i, type, quantity, millis) -> {
                    long pair = ((long) u << 32) | i;
                    if (millis < cut) {
                        line.setLength(0);
                        line.append(shop.userId(u)).append('\t').append(shop.itemId(i)).append('\t')
                                .append((int) SyntheticShop.defaultWeight(type)).append('\t').append(millis)
                                .append('\n');
                        write(w, line);
                        lines[0]++;
                        trained.add(pair);
                        hasTraining.set(u);
                    } else if (hasTraining.get(u) && !trained.contains(pair)) {
                        eligible.set(u);
                    }
                });
            }
            int[] chosen = sample(eligible, holdoutUsers, seed);
            BitSet picked = new BitSet(shop.userCount());
            LinkedHashSet<Long>[] held = newSets(chosen.length);
            int[] slot = new int[shop.userCount()];
            for (int k = 0; k < chosen.length; k++) {
                picked.set(chosen[k]);
                slot[chosen[k]] = k;
            }
            shop.forEachInteraction((u, i, type, quantity, millis) -> {
                long pair = ((long) u << 32) | i;
                if (millis >= cut && picked.get(u) && !trained.contains(pair)) {
                    held[slot[u]].add(pair);
                }
            });
            long pairs = 0;
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve("holdout.tsv"), StandardCharsets.UTF_8)) {
                for (LinkedHashSet<Long> set : held) {
                    for (long pair : set) {
                        w.write(shop.userId((int) (pair >>> 32)) + "\t" + shop.itemId((int) pair) + "\n");
                        pairs++;
                    }
                }
            }
            return new Summary(lines[0], trained.size(), hasTraining.cardinality(), chosen.length, pairs, cut);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the split to " + out + ": " + e.getMessage(), e);
        }
    }

    private static void write(BufferedWriter w, CharSequence s) {
        try {
            w.append(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static LinkedHashSet<Long>[] newSets(int n) {
        LinkedHashSet<Long>[] sets = (LinkedHashSet<Long>[]) new LinkedHashSet<?>[n];
        Arrays.setAll(sets, k -> new LinkedHashSet<>());
        return sets;
    }

    /** Up to {@code n} of the set bits, drawn without replacement with the seed, in ascending order. */
    static int[] sample(BitSet from, int n, long seed) {
        int[] all = from.stream().toArray();
        SplittableRandom rnd = new SplittableRandom(seed);
        int m = Math.min(n, all.length);
        for (int k = 0; k < m; k++) { // partial Fisher-Yates
            int j = k + rnd.nextInt(all.length - k);
            int t = all[k];
            all[k] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, m);
        Arrays.sort(out);
        return out;
    }

    /** Open-addressing set of non-negative longs (user index &lt;&lt; 32 | item index). */
    static final class LongSet {
        private static final long EMPTY = -1L;
        private long[] keys = filled(1 << 16);
        private int size;

        private static long[] filled(int n) {
            long[] a = new long[n];
            Arrays.fill(a, EMPTY);
            return a;
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        boolean contains(long key) {
            int mask = keys.length - 1;
            for (int s = slot(key, mask);; s = (s + 1) & mask) {
                long k = keys[s];
                if (k == key) {
                    return true;
                }
                if (k == EMPTY) {
                    return false;
                }
            }
        }

        void add(long key) {
            int mask = keys.length - 1;
            int s = slot(key, mask);
            for (long k; (k = keys[s]) != EMPTY; s = (s + 1) & mask) {
                if (k == key) {
                    return;
                }
            }
            keys[s] = key;
            if (++size * 2 > keys.length) {
                long[] old = keys;
                keys = filled(old.length * 2);
                int m = keys.length - 1;
                for (long k : old) {
                    if (k != EMPTY) {
                        int t = slot(k, m);
                        while (keys[t] != EMPTY) {
                            t = (t + 1) & m;
                        }
                        keys[t] = k;
                    }
                }
            }
        }

        int size() {
            return size;
        }
    }
}
