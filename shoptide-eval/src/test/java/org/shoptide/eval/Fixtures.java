package org.shoptide.eval;

import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.shoptide.core.event.EventType;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.data.SequenceFiles;

/** Small in-memory datasets for tests. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A sequence dataset ({@code user items...} per entry), with synthetic times as the sequence loaders make them. */
    public static Interactions sequences(String... lines) {
        Interactions.Builder b = new Interactions.Builder(
                new Interactions.Provenance("sasrec", "fixture", "0".repeat(64), "0".repeat(64), 0, false, Map.of()));
        long end = SequenceFiles.SYNTHETIC_END.toEpochMilli();
        for (String line : lines) {
            String[] t = line.split(" ");
            for (int k = 1; k < t.length; k++) {
                b.add(t[0], t[k], EventType.PURCHASE, 8f, end - (t.length - 1L - k) * 1000, 1, Double.NaN, Float.NaN,
                        null);
            }
        }
        return b.build();
    }

    /**
     * A planted sequential pattern: {@code users} users each walk {@code length} steps along a chain of {@code items}
     * items (item i is followed by i+1), starting at a seeded random item; with probability {@code noise} a step jumps
     * to a random item instead. The next item is predictable from the last one, not from popularity.
     */
    public static Interactions chains(int users, int items, int length, double noise, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] lines = new String[users];
        for (int u = 0; u < users; u++) {
            StringBuilder sb = new StringBuilder("u" + u);
            int item = rnd.nextInt(items);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int k = 0; k < length; k++) {
                while (!seen.add(item)) {
                    item = (item + 1) % items;
                }
                sb.append(" i").append(item);
                item = rnd.nextDouble() < noise ? rnd.nextInt(items) : (item + 1) % items;
            }
            lines[u] = sb.toString();
        }
        return sequences(lines);
    }

    /** Purchases with real timestamps: {@code user item yyyy-mm-dd} per entry. */
    public static Interactions purchases(String... rows) {
        Interactions.Builder b = new Interactions.Builder(
                new Interactions.Provenance("uci", "fixture", "1".repeat(64), "1".repeat(64), 0, true, Map.of()));
        for (String row : rows) {
            String[] t = row.split(" ");
            b.add(t[0], t[1], EventType.PURCHASE, 8f, Instant.parse(t[2] + "T12:00:00Z").toEpochMilli(), 1, 1.0,
                    Float.NaN, t[0] + "-" + t[2]);
        }
        return b.build();
    }
}
