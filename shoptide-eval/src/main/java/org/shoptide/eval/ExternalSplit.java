package org.shoptide.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.event.EventType;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.protocol.EvalCase;
import org.shoptide.eval.protocol.Protocol;
import org.shoptide.eval.protocol.Split;
import org.shoptide.eval.protocol.Variant;
import org.shoptide.eval.report.Reports;

/**
 * A split written as files, so a model outside the JVM (Spark MLlib ALS) trains on exactly the rows the harness's
 * models train on and is scored by the same evaluator. Format {@value #FORMAT}, in one directory:
 * <ul>
 * <li>{@code train.tsv}: {@code user\titem\tweight\tepochMillis}, one training row per line in time order (weights as
 * the server weighs the events; a negative weight is a refund or dislike that nets out earlier rows of the pair);
 * <li>{@code history.tsv}: same columns, the rows that are each user's history but not training data, in time order
 * (exact leave-one-out's test split: the validation item; empty otherwise). A model must not train on them but should
 * read them as the user's latest items, and they are masked like the training history; optional when reading (absent:
 * empty);
 * <li>{@code targets.tsv}: {@code user\titem}, the held-out items of each evaluated user (for the temporal protocol all
 * purchases after the cut; the {@code new} variant drops those the user had before, from {@code train.tsv});
 * <li>{@code catalog.tsv}: every item id of the dataset, one per line, in the dataset's order (what is ranked; coverage
 * and popularity percentiles are over it);
 * <li>{@code split.json}: the format, the split ({@code test} or {@code validation}), the protocol and its settings,
 * the variants, the split instant, the dataset (path, sha256, counts, cleaning, user sample) and the split's counts.
 * </ul>
 * Ids are written as they appear in the dataset; they must not contain tabs or line breaks (checked on export).
 */
public final class ExternalSplit {
    public static final String FORMAT = "shoptide-eval-split/1";

    private ExternalSplit() {
    }

    /** Writes {@code split} into {@code dir} (created if needed; existing files are replaced). */
    public static void write(Split split, Protocol protocol, String datasetSpec, Integer sampleUsers, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Interactions d = split.data();
        writeRows(d, split.trainRows(), dir.resolve("train.tsv"));
        writeRows(d, split.historyOnlyRows(), dir.resolve("history.tsv"));
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("targets.tsv"), StandardCharsets.UTF_8)) {
            for (EvalCase c : split.cases()) {
                for (int t : c.targets()) {
                    w.write(d.userId(c.user()));
                    w.write('\t');
                    w.write(d.itemId(t));
                    w.write('\n');
                }
            }
        }
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("catalog.tsv"), StandardCharsets.UTF_8)) {
            for (int i = 0; i < d.itemCount(); i++) {
                w.write(id(d.itemId(i)));
                w.write('\n');
            }
        }
        ObjectNode j = Reports.JSON.createObjectNode();
        j.put("format", FORMAT);
        j.put("split", split.name());
        ObjectNode p = j.putObject("protocol");
        p.put("name", protocol.name());
        ObjectNode settings = p.putObject("settings");
        protocol.describe().forEach((k, v) -> settings.put(k, String.valueOf(v)));
        ArrayNode variants = j.putArray("variants");
        split.variants().forEach(v -> variants.add(v.name()));
        j.put("clockMillis", split.clockMillis());
        EvalRun.dataset(j.putObject("dataset"), datasetSpec, d, sampleUsers);
        ObjectNode facts = j.putObject("facts");
        split.facts().forEach((k, v) -> {
            if (v instanceof Number n) {
                facts.put(k, n.longValue());
            } else {
                facts.put(k, String.valueOf(v));
            }
        });
        Files.writeString(dir.resolve("split.json"), Reports.JSON.writeValueAsString(j) + "\n", StandardCharsets.UTF_8);
    }

    private static void writeRows(Interactions d, int[] rows, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int r : rows) {
                w.write(id(d.userId(d.user(r))));
                w.write('\t');
                w.write(id(d.itemId(d.item(r))));
                w.write('\t');
                w.write(Float.toString(d.weight(r)));
                w.write('\t');
                w.write(Long.toString(d.time(r)));
                w.write('\n');
            }
        }
    }

    private static String id(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r') {
                throw new IllegalArgumentException(
                        "id '" + s + "' contains a tab or line break; it cannot be exported");
            }
        }
        return s;
    }

    /** A split read back from its directory, with its description. */
    public record Loaded(Split split, ObjectNode description) {
    }

    /** Reads a directory written by {@link #write}; the cases equal the exported split's. */
    public static Loaded read(Path dir) throws IOException {
        ObjectNode j;
        try {
            JsonNode n = Reports.JSON.readTree(dir.resolve("split.json").toFile());
            if (!(n instanceof ObjectNode o) || !FORMAT.equals(n.path("format").asText())) {
                throw new IllegalArgumentException(dir.resolve("split.json") + " is not a " + FORMAT + " file");
            }
            j = o;
        } catch (FileNotFoundException | NoSuchFileException e) {
            throw new IllegalArgumentException(
                    "no split at " + dir + " (write one with 'shoptide eval export-split --out " + dir + "')");
        }
        JsonNode ds = j.path("dataset");
        Map<String, Long> cleaning = new LinkedHashMap<>();
        ds.path("cleaning").properties().forEach(e -> cleaning.put(e.getKey(), e.getValue().asLong()));
        Interactions.Builder b = new Interactions.Builder(new Interactions.Provenance(ds.path("format").asText(),
                ds.path("path").asText(), ds.path("sha256").asText(), ds.path("contentSha256").asText(),
                ds.path("bytes").asLong(), ds.path("realTimestamps").asBoolean(), cleaning));
        for (String[] f : lines(dir.resolve("catalog.tsv"), 1)) {
            b.item(f[0]);
        }
        int catalog = b.build().itemCount();
        addRows(b, dir.resolve("train.tsv"), catalog);
        int trainRows = b.rows();
        if (Files.exists(dir.resolve("history.tsv"))) {
            addRows(b, dir.resolve("history.tsv"), catalog);
        }
        Interactions data = b.build();
        Map<String, Integer> users = new HashMap<>();
        for (int u = 0; u < data.userCount(); u++) {
            users.put(data.userId(u), u);
        }
        Map<String, Integer> items = new HashMap<>();
        for (int i = 0; i < data.itemCount(); i++) {
            items.put(data.itemId(i), i);
        }
        int[][] targets = new int[data.userCount()][];
        long line = 0;
        for (String[] f : lines(dir.resolve("targets.tsv"), 2)) {
            line++;
            Integer u = users.get(f[0]);
            Integer i = items.get(f[1]);
            if (u == null || i == null) {
                throw new IllegalArgumentException(dir.resolve("targets.tsv") + " line " + line + ": "
                        + (u == null ? "user '" + f[0] + "' has no training rows"
                                : "item '" + f[1] + "' is not in catalog.tsv"));
            }
            int[] cur = targets[u] == null ? new int[0] : targets[u];
            targets[u] = Arrays.copyOf(cur, cur.length + 1);
            targets[u][cur.length] = i;
        }
        int[] history = data.chronological();
        int[] rows = Arrays.stream(history).filter(r -> r < trainRows).toArray();
        List<Variant> variants = new ArrayList<>();
        j.path("variants").forEach(v -> variants.add(Variant.named(v.asText())));
        Map<String, Object> facts = new LinkedHashMap<>();
        j.path("facts").properties().forEach(e -> {
            if (!List.of("trainRows", "evaluatedUsers", "historyOnlyRows").contains(e.getKey())) {
                facts.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asLong() : e.getValue().asText());
            }
        });
        Split split = new Split(j.path("split").asText(), data, rows, history, variants,
                Split.casesOf(data, history, targets), j.path("clockMillis").asLong(), facts);
        return new Loaded(split, j);
    }

    /** Adds the rows of a {@code train.tsv} or {@code history.tsv} file; every item must be in the catalog. */
    private static void addRows(Interactions.Builder b, Path file, int catalog) throws IOException {
        long line = 0;
        for (String[] f : lines(file, 4)) {
            line++;
            float w;
            long t;
            try {
                w = Float.parseFloat(f[2]);
                t = Long.parseLong(f[3]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        file + " row " + line + ": weight must be a number and epochMillis an integer");
            }
            b.add(f[0], f[1], w >= 0 ? EventType.PURCHASE : EventType.REFUND, w, t, 1, Double.NaN, Float.NaN, null);
        }
        if (b.itemCount() != catalog) {
            throw new IllegalArgumentException(file + " names items missing from catalog.tsv");
        }
    }

    private static List<String[]> lines(Path file, int fields) throws IOException {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            long line = 0;
            while ((s = r.readLine()) != null) {
                line++;
                if (s.isEmpty()) {
                    continue;
                }
                String[] f = s.split("\t", -1);
                if (f.length != fields) {
                    throw new IllegalArgumentException(
                            file + " line " + line + ": expected " + fields + " tab-separated fields, got " + f.length);
                }
                out.add(f);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("missing split file " + file);
        }
        return out;
    }
}
