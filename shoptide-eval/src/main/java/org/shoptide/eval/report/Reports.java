package org.shoptide.eval.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.eval.metrics.MetricSet;

/**
 * The evaluation report: {@code report.json} is the record (format {@value #FORMAT}, described in
 * {@code docs/EVALUATION.md}), {@code report.md} is rendered from it. External results added later
 * ({@code shoptide eval score-external --report DIR}) go into the JSON and the Markdown is rendered again, so both
 * always agree.
 */
public final class Reports {
    public static final String FORMAT = "shoptide-eval-report/1";
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Columns of the results tables: metric key and heading. */
    private static final List<String[]> COLUMNS = List.of(new String[] { "recall@5", "R@5" },
            new String[] { "recall@10", "R@10" }, new String[] { "recall@20", "R@20" },
            new String[] { "ndcg@5", "NDCG@5" }, new String[] { "ndcg@10", "NDCG@10" },
            new String[] { "ndcg@20", "NDCG@20" }, new String[] { "mrr", "MRR" },
            new String[] { "coverage@10", "Cov@10" }, new String[] { "popularity@10", "Pop@10" });

    private Reports() {
    }

    /** The metrics of every variant as JSON. */
    public static ObjectNode metrics(Map<String, MetricSet> byVariant) {
        ObjectNode o = JSON.createObjectNode();
        byVariant.forEach((variant, m) -> {
            ObjectNode v = o.putObject(variant);
            v.put("users", m.users());
            ObjectNode values = v.putObject("metrics");
            m.values().forEach(values::put);
            v.put("mrrTruncated", m.mrrTruncated());
            v.put("nanScores", m.nanScores());
            v.put("scoreMillis", m.scoreMillis());
        });
        return o;
    }

    public static void write(JsonNode report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("report.json"), JSON.writeValueAsString(report) + "\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.md"), markdown(report), StandardCharsets.UTF_8);
    }

    public static ObjectNode read(Path dir) throws IOException {
        Path f = dir.resolve("report.json");
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (!(n instanceof ObjectNode o) || !FORMAT.equals(n.path("format").asText())) {
                throw new IllegalArgumentException(f + " is not a " + FORMAT + " report");
            }
            return o;
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new IllegalArgumentException("no report at " + f + " (run 'shoptide eval run --out " + dir + "')");
        }
    }

    /** Renders the report as Markdown. */
    public static String markdown(JsonNode r) {
        StringBuilder md = new StringBuilder();
        JsonNode ds = r.path("dataset");
        JsonNode pr = r.path("protocol");
        md.append("# Offline evaluation: ").append(ds.path("format").asText()).append(" `")
                .append(Path.of(ds.path("path").asText()).getFileName()).append("`, ").append(pr.path("name").asText())
                .append("\n\n");
        md.append("- **Dataset**: `").append(ds.path("path").asText()).append("` (").append(ds.path("format").asText())
                .append("), sha256 `").append(ds.path("sha256").asText()).append('`');
        if (!ds.path("contentSha256").asText().equals(ds.path("sha256").asText())) {
            md.append(", content sha256 `").append(ds.path("contentSha256").asText()).append('`');
        }
        md.append(String.format(Locale.ROOT, "; %,d rows, %,d users, %,d items; %s timestamps%n",
                ds.path("rows").asLong(), ds.path("users").asLong(), ds.path("items").asLong(),
                ds.path("realTimestamps").asBoolean() ? "real" : "synthetic"));
        if (ds.has("sampleUsers") && !ds.path("sampleUsers").isNull()) {
            md.append("- **Slice**: ").append(ds.path("sampleUsers").asInt())
                    .append(" users drawn with the run's seed\n");
        }
        md.append("- **Cleaning**: ").append(pairs(ds.path("cleaning"))).append('\n');
        md.append("- **Protocol**: ").append(pairs(pr.path("settings"))).append('\n');
        for (String s : List.of("validation", "test")) {
            md.append("- **").append(s).append(" split**: ").append(pairs(pr.path("splits").path(s))).append('\n');
        }
        JsonNode tuning = r.path("tuning");
        md.append("- **Tuning**: ").append(tuning.path("objective").asText())
                .append(" on the validation split (variant ").append(tuning.path("variant").asText())
                .append("), seeded random search, trials per model ").append(pairs(tuning.path("trials")))
                .append(sameTraining(pr.path("splits"))
                        ? "; both splits train on the same rows, so each model is trained once: the best trial's model"
                                + " ranks the test split\n"
                        : "; the best trial is retrained on the test split's training data and scored once\n");
        md.append("- **Seed** ").append(r.path("seed").asLong()).append(", **commit** `")
                .append(r.path("shoptide").path("commit").asText()).append('`')
                .append(r.path("shoptide").path("dirty").asBoolean(false) ? " (with uncommitted changes)" : "")
                .append(", created ").append(r.path("createdAt").asText()).append('\n');
        JsonNode env = r.path("environment");
        md.append("- **Machine**: Java ").append(env.path("java").asText()).append(" (").append(env.path("vm").asText())
                .append("), ").append(env.path("os").asText()).append(", ").append(env.path("cpus").asInt())
                .append(" CPUs, ").append(env.path("threads").asInt()).append(" threads, max heap ")
                .append(env.path("maxHeapMiB").asLong()).append(" MiB\n");
        if (r.has("command")) {
            md.append("- **Command**: `shoptide ").append(r.path("command").asText()).append("`\n");
        }
        List<String> variants = new ArrayList<>();
        for (JsonNode m : r.path("models")) {
            m.path("test").path("variants").fieldNames().forEachRemaining(v -> {
                if (!variants.contains(v)) {
                    variants.add(v);
                }
            });
        }
        for (String v : variants) {
            md.append("\n## Test, variant `").append(v).append("`\n\n");
            md.append(variantNote(v)).append("\n\n");
            md.append("| model |");
            COLUMNS.forEach(c -> md.append(' ').append(c[1]).append(" |"));
            md.append(" train s | peak heap MiB | users | parameters (changed from defaults) |\n|---|");
            COLUMNS.forEach(c -> md.append("---:|"));
            md.append("---:|---:|---:|---|\n");
            for (JsonNode m : r.path("models")) {
                JsonNode t = m.path("test");
                JsonNode vn = t.path("variants").path(v);
                if (vn.isMissingNode()) {
                    continue;
                }
                md.append("| ").append(m.path("name").asText());
                if (!"registry".equals(m.path("kind").asText())) {
                    md.append(" (").append(m.path("kind").asText()).append(')');
                }
                md.append(" |");
                for (String[] c : COLUMNS) {
                    double x = vn.path("metrics").path(c[0]).asDouble();
                    md.append(' ').append(c[0].startsWith("popularity") ? String.format(Locale.ROOT, "%.1f", x)
                            : String.format(Locale.ROOT, "%.4f", x));
                    if (c[0].equals("mrr") && vn.path("mrrTruncated").asBoolean()) {
                        md.append('†');
                    }
                    md.append(" |");
                }
                md.append(String.format(Locale.ROOT, " %s | %s | %,d | %s |%n",
                        t.has("trainMillis")
                                ? String.format(Locale.ROOT, "%.1f", t.path("trainMillis").asLong() / 1000.0)
                                : "n/a",
                        t.has("peakHeapMiB") ? Long.toString(t.path("peakHeapMiB").asLong()) : "n/a",
                        vn.path("users").asLong(), changed(m.path("defaults"), t.path("params"))));
            }
        }
        md.append("\nR = Recall (hits / min(k, targets)), NDCG with binary relevance, MRR over the full ranking "
                + "(† truncated at the 100 items a list-returning model gives), Cov = catalog coverage of the top 10, "
                + "Pop = mean popularity percentile of the top 10 (0 = never bought in training, 100 = best seller). "
                + "Training time is wall time of training proper; peak heap is the JVM's heap pools' peak while "
                + "training (it includes the harness's copy of the data, see the baseline in report.json).\n");
        md.append("\n## Tuning trials (validation split)\n");
        for (JsonNode m : r.path("models")) {
            ArrayNode trials = (ArrayNode) m.path("trials");
            md.append("\n### ").append(m.path("name").asText()).append("\n\n");
            if (trials == null || trials.isEmpty()) {
                md.append(m.path("tuningNote").asText("Not tuned.")).append('\n');
                continue;
            }
            md.append("Search space: ").append(pairs(m.path("searchSpace"))).append("\n\n");
            md.append("| trial | ").append(tuning.path("objective").asText())
                    .append(" | train s | parameters (changed from defaults) |\n|---:|---:|---:|---|\n");
            int best = m.path("best").path("trial").asInt();
            for (JsonNode t : trials) {
                int n = t.path("trial").asInt();
                md.append(String.format(Locale.ROOT, "| %d%s | %.4f | %.1f | %s |%n", n, n == best ? " (best)" : "",
                        t.path("objective").asDouble(), t.path("trainMillis").asLong() / 1000.0,
                        changed(m.path("defaults"), t.path("params"))));
            }
        }
        return md.toString();
    }

    private static String variantNote(String v) {
        return switch (v) {
            case "loo" ->
                    "Leave-one-out: one target per user (so HR@k = Recall@k), every item ranked, the user's history (the validation item included) masked.";
            case "all" ->
                    "Temporal split, every purchase after the cut is a target; nothing masked (re-purchases count).";
            case "new" -> "Temporal split, only items the customer had not bought before the cut; history masked.";
            default -> "";
        };
    }

    /** {@code key=value, ...} of an object node (parameters differing from defaults when given both). */
    static String changed(JsonNode defaults, JsonNode params) {
        List<String> out = new ArrayList<>();
        params.properties().forEach(e -> {
            if (e.getKey().equals("threads") || e.getKey().equals("seed")) {
                return;
            }
            JsonNode d = defaults.get(e.getKey());
            if (d == null || !d.asText().equals(e.getValue().asText())) {
                out.add(e.getKey() + "=" + e.getValue().asText());
            }
        });
        return out.isEmpty() ? "defaults" : String.join(", ", out);
    }

    /** Whether the report's splits share their training rows (exact leave-one-out). */
    private static boolean sameTraining(JsonNode splits) {
        return splits.path("test").has("historyOnlyRows")
                && splits.path("test").path("trainRows").asLong() == splits.path("validation").path("trainRows").asLong();
    }

    static String pairs(JsonNode o) {
        List<String> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = o.properties().iterator();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String s = v.isArray() || v.isObject() ? v.toString().replace("\"", "") : v.asText();
            out.add(e.getKey() + "=" + s);
        }
        return out.isEmpty() ? "none" : String.join(", ", out);
    }
}
