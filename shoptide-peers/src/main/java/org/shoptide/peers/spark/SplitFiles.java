package org.shoptide.peers.spark;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The split files shared with the evaluation harness ({@code shoptide eval export-split}), UTF-8, one record per line,
 * fields separated by one tab, no header:
 * <ul>
 * <li>{@code train.tsv}: {@code user\titem\tweight\tepochMillis}, one interaction per line (weights of a pair are
 * summed);
 * <li>{@code targets.tsv} (and the benchmark's {@code holdout.tsv}): {@code user\titem}, the held-out items of each
 * evaluated user;
 * <li>{@code predictions-NAME.tsv} (written here): {@code user\titem1 item2 ...}, best first, items separated by one
 * space, one line per user of the targets that the model can rank.
 * </ul>
 * A malformed line fails the whole read with the file name, the line number and what is wrong.
 */
public final class SplitFiles {
    private SplitFiles() {
    }

    /** Reads a {@code train.tsv}. */
    public static Interactions readTrain(Path file) {
        Interactions data = new Interactions();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            String[] f = new String[4];
            while ((line = in.readLine()) != null) {
                n++;
                split(line, f, file, n, "user, item, weight, epochMillis");
                float weight;
                try {
                    weight = Float.parseFloat(f[2]);
                    Long.parseLong(f[3]);
                } catch (NumberFormatException e) {
                    throw bad(file, n, "weight must be a number and epochMillis an integer, got '" + f[2] + "' and '"
                            + f[3] + "'");
                }
                if (!Float.isFinite(weight)) {
                    throw bad(file, n, "weight must be finite, got " + f[2]);
                }
                data.add(f[0], f[1], weight);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return data;
    }

    /**
     * Reads a {@code targets.tsv} or {@code holdout.tsv}: each user's distinct held-out items, users and items in order
     * of first appearance.
     */
    public static Map<String, List<String>> readTargets(Path file) {
        Map<String, Set<String>> sets = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            String[] f = new String[2];
            while ((line = in.readLine()) != null) {
                n++;
                split(line, f, file, n, "user, item");
                sets.computeIfAbsent(f[0], k -> new LinkedHashSet<>()).add(f[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        sets.forEach((u, items) -> out.put(u, List.copyOf(items)));
        return out;
    }

    /** Splits {@code line} at tabs into exactly {@code out.length} non-empty fields. */
    private static void split(String line, String[] out, Path file, long n, String names) {
        int start = 0;
        for (int k = 0; k < out.length; k++) {
            int tab = line.indexOf('\t', start);
            boolean last = k == out.length - 1;
            if (last != (tab < 0)) {
                throw bad(file, n, "expected " + out.length + " tab-separated fields (" + names + ")");
            }
            int end = last ? line.length() : tab;
            if (end == start) {
                throw bad(file, n, "field " + (k + 1) + " (" + names.split(", ")[k] + ") is empty");
            }
            out[k] = line.substring(start, end);
            start = end + 1;
        }
    }

    private static IllegalArgumentException bad(Path file, long line, String what) {
        return new IllegalArgumentException(file + " line " + line + ": " + what);
    }

    /** Writes one line per entry, {@code user\titem1 item2 ...}, in the map's order. */
    public static void writePredictions(Path file, Map<String, List<String>> rankings) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, List<String>> e : rankings.entrySet()) {
                out.write(e.getKey());
                out.write('\t');
                out.write(String.join(" ", e.getValue()));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a text file (UTF-8). */
    public static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Item ids of a ranking of item indexes. */
    static List<String> ids(Interactions data, int[] ranked) {
        List<String> out = new ArrayList<>(ranked.length);
        for (int i : ranked) {
            out.add(data.itemId(i));
        }
        return out;
    }
}
