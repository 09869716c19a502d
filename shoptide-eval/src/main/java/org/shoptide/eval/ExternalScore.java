package org.shoptide.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.shoptide.eval.metrics.Evaluator;
import org.shoptide.eval.metrics.MetricSet;
import org.shoptide.eval.metrics.Ranker;
import org.shoptide.eval.protocol.Split;
import org.shoptide.eval.report.Reports;

/**
 * Scores rankings made outside Shoptide on an exported split ({@link ExternalSplit}) with the harness's evaluator, and
 * optionally adds them as a row of an existing report.
 * <p>
 * The predictions file has one line per user: {@code user\titem1 item2 ...}, best first, at most
 * {@value Evaluator#MAX_LIST} items separated by spaces or commas. Users of the split without a line get an empty list
 * (they count, with zero hits); lines of users the split does not evaluate and items outside the catalog are ignored
 * and counted. An optional {@code FILE.meta.json}, {@code {"trainMillis": ..., "peakHeapMiB": ..., "params": {...}}},
 * supplies training time, memory and parameters for the report.
 */
public final class ExternalScore {
    private static final Pattern ITEMS = Pattern.compile("[ ,]+");

    private ExternalScore() {
    }

    /** The model entry of the report for these predictions. */
    public static ObjectNode score(ExternalSplit.Loaded loaded, Path predictions, String name, int threads)
            throws IOException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("--name must name the external model, e.g. spark-als");
        }
        Split split = loaded.split();
        Map<String, Integer> users = new HashMap<>();
        for (int u = 0; u < split.data().userCount(); u++) {
            users.put(split.data().userId(u), u);
        }
        Map<String, Integer> items = new HashMap<>();
        for (int i = 0; i < split.catalogSize(); i++) {
            items.put(split.data().itemId(i), i);
        }
        int[][] lists = new int[split.data().userCount()][];
        long ignoredUsers = 0;
        long unknownItems = 0;
        long line = 0;
        MessageDigest sha = sha256();
        try (InputStream raw = Files.newInputStream(predictions);
                BufferedReader r = new BufferedReader(
                        new InputStreamReader(new DigestInputStream(raw, sha), StandardCharsets.UTF_8))) {
            String s;
            while ((s = r.readLine()) != null) {
                line++;
                if (s.isBlank()) {
                    continue;
                }
                int tab = s.indexOf('\t');
                if (tab <= 0) {
                    throw new IllegalArgumentException(
                            predictions + " line " + line + ": expected 'user<TAB>item1 item2 ...'");
                }
                Integer u = users.get(s.substring(0, tab));
                if (u == null) {
                    ignoredUsers++;
                    continue;
                }
                if (lists[u] != null) {
                    throw new IllegalArgumentException(
                            predictions + " line " + line + ": a second line for user '" + s.substring(0, tab) + "'");
                }
                String rest = s.substring(tab + 1).strip();
                String[] tok = rest.isEmpty() ? new String[0] : ITEMS.split(rest);
                if (tok.length > Evaluator.MAX_LIST) {
                    throw new IllegalArgumentException(predictions + " line " + line + ": " + tok.length
                            + " items; at most " + Evaluator.MAX_LIST + " are scored");
                }
                int[] l = new int[tok.length];
                for (int k = 0; k < tok.length; k++) {
                    Integer i = items.get(tok[k]);
                    if (i == null) {
                        unknownItems++;
                        l[k] = -1;
                    } else {
                        l[k] = i;
                    }
                }
                lists[u] = l;
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no predictions file " + predictions);
        }
        long missing = split.cases().stream().filter(c -> lists[c.user()] == null).count();
        Ranker.Lists ranker = (c, v) -> lists[c.user()] == null ? new int[0] : lists[c.user()];
        Map<String, MetricSet> metrics = new Evaluator(threads).evaluate(split, ranker);

        ObjectNode m = Reports.JSON.createObjectNode();
        m.put("name", name);
        m.put("kind", "external");
        m.putObject("defaults");
        m.putArray("trials");
        m.put("tuningNote", "Trained and tuned outside Shoptide; its parameters are those in "
                + predictions.getFileName() + ".meta.json.");
        ObjectNode test = m.putObject("test");
        ObjectNode params = test.putObject("params");
        Path metaFile = predictions.resolveSibling(predictions.getFileName() + ".meta.json");
        if (Files.exists(metaFile)) {
            JsonNode meta = Reports.JSON.readTree(metaFile.toFile());
            meta.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            if (meta.has("trainMillis")) {
                test.put("trainMillis", meta.path("trainMillis").asLong());
            }
            if (meta.has("peakHeapMiB")) {
                test.put("peakHeapMiB", meta.path("peakHeapMiB").asLong());
            }
        }
        ObjectNode pr = test.putObject("predictions");
        pr.put("file", predictions.toString());
        pr.put("sha256", HexFormat.of().formatHex(sha.digest()));
        pr.put("missingUsers", missing);
        pr.put("ignoredUsers", ignoredUsers);
        pr.put("unknownItems", unknownItems);
        test.set("variants", Reports.metrics(metrics));
        return m;
    }

    /**
     * Adds (or replaces, by name) the model entry in the report of {@code reportDir} and renders it again. The report
     * must be of the same dataset (sha256), protocol, user sample and test split as the exported split.
     */
    public static void addToReport(ObjectNode model, ExternalSplit.Loaded loaded, Path reportDir) throws IOException {
        ObjectNode report = Reports.read(reportDir);
        JsonNode sd = loaded.description();
        if (!"test".equals(sd.path("split").asText())) {
            throw new IllegalArgumentException(
                    "only a test split can be added to a report; this one is '" + sd.path("split").asText() + "'");
        }
        check("dataset sha256", report.path("dataset").path("sha256"), sd.path("dataset").path("sha256"));
        check("user sample", report.path("dataset").path("sampleUsers"), sd.path("dataset").path("sampleUsers"));
        check("protocol", report.path("protocol").path("settings"), sd.path("protocol").path("settings"));
        check("test split", report.path("protocol").path("splits").path("test"), sd.path("facts"));
        ArrayNode models = (ArrayNode) report.path("models");
        for (int i = 0; i < models.size(); i++) {
            if (models.get(i).path("name").asText().equals(model.path("name").asText())) {
                models.remove(i);
                break;
            }
        }
        models.add(model);
        Reports.write(report, reportDir);
    }

    private static void check(String what, JsonNode report, JsonNode split) {
        if (!report.equals(split)) {
            throw new IllegalArgumentException("the split does not match the report: " + what + " is " + split
                    + " in the split, " + report + " in the report");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
