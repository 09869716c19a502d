package org.shoptide.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.engine.EngineConfig;
import org.shoptide.eval.data.Datasets;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.protocol.LeaveOneOut;
import org.shoptide.eval.protocol.Protocol;
import org.shoptide.eval.protocol.Split;
import org.shoptide.eval.report.Reports;

/** The harness end to end on small datasets: load, split, tune, train, score, report, export, score externally. */
class EvalRunTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    /** Writes a dataset in the SASRec format (one pair per line). */
    private Path sasrec(String name, Interactions d) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int r : d.chronological()) {
            sb.append(d.userId(d.user(r))).append(' ').append(d.itemId(d.item(r))).append('\n');
        }
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString(), StandardCharsets.UTF_8);
        return p;
    }

    private EvalRun.Options options(Path data, List<String> models, int trials, Map<String, Integer> perModel) {
        return new EvalRun.Options(new Datasets.Spec("sasrec", data), new LeaveOneOut(), models, trials, perModel, 42,
                2, Map.of(), null, null, null, EngineConfig.defaults(), null, dir.resolve("tmp"), "eval run (test)",
                dir);
    }

    private ObjectNode run(EvalRun.Options o) throws Exception {
        return EvalRun.run(o, new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    private static JsonNode model(JsonNode report, String name) {
        for (JsonNode m : report.path("models")) {
            if (m.path("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no model " + name + " in " + report);
    }

    private static double test(JsonNode report, String model, String variant, String metric) {
        return model(report, model).path("test").path("variants").path(variant).path("metrics").path(metric).asDouble();
    }

    /** The registry's most-popular through the whole harness equals the hand computation of EvaluatorTest. */
    @Test
    void mostPopularEndToEndMatchesTheHandComputation() throws Exception {
        Path data = sasrec("tiny.txt", Fixtures.sequences("u1 a b c d", "u2 a b e", "u3 b c a", "u4 c d e"));
        ObjectNode r = run(options(data, List.of("popular"), 1, Map.of()));
        assertThat(test(r, "popular", "loo", "recall@5")).isEqualTo(1.0);
        assertThat(test(r, "popular", "loo", "ndcg@5")).isCloseTo(0.75, within(1e-12));
        assertThat(test(r, "popular", "loo", "mrr")).isCloseTo(2 / 3.0, within(1e-12));
        assertThat(test(r, "popular", "loo", "popularity@5")).isCloseTo(220 / 11.0, within(1e-12));
        assertThat(r.path("dataset").path("sha256").asText()).hasSize(64);
        assertThat(r.path("seed").asLong()).isEqualTo(42);
        assertThat(r.path("shoptide").has("commit")).isTrue();
        assertThat(r.path("protocol").path("splits").path("test").path("evaluatedUsers").asInt()).isEqualTo(4);
    }

    /** On a planted sequential pattern the sequence-aware model beats popularity, and tuning records every trial. */
    @Test
    void aPlantedPatternIsLearnedAndTuningIsSeeded() throws Exception {
        Path data = sasrec("chains.txt", Fixtures.chains(300, 150, 12, 0.1, 7));
        EvalRun.Options o = options(data, List.of("popular", "transitions", "itemknn"), 1, Map.of("transitions", 4));
        ObjectNode r = run(o);
        double pop = test(r, "popular", "loo", "ndcg@10");
        double seq = test(r, "transitions", "loo", "ndcg@10");
        assertThat(seq).isGreaterThan(0.5).isGreaterThan(5 * pop);
        assertThat(test(r, "itemknn", "loo", "ndcg@10")).isGreaterThan(pop);
        JsonNode trials = model(r, "transitions").path("trials");
        assertThat(trials).hasSize(4);
        assertThat(trials.get(0).path("params").path("steps").asText()).isEqualTo("5"); // trial 1 = defaults
        int best = model(r, "transitions").path("best").path("trial").asInt();
        double bestObjective = trials.get(best - 1).path("objective").asDouble();
        for (JsonNode t : trials) {
            assertThat(t.path("objective").asDouble()).isLessThanOrEqualTo(bestObjective);
        }
        assertThat(model(r, "transitions").path("test").path("params")).isEqualTo(trials.get(best - 1).path("params"));
        // same seed, same results
        ObjectNode again = run(o);
        for (String m : List.of("popular", "transitions", "itemknn")) {
            assertThat(model(again, m).path("test").path("variants").path("loo").path("metrics"))
                    .isEqualTo(model(r, m).path("test").path("variants").path("loo").path("metrics"));
        }
        Path out = dir.resolve("report");
        Reports.write(r, out);
        String md = Files.readString(out.resolve("report.md"));
        assertThat(md).contains("| transitions |").contains("| popular |").contains("### transitions")
                .contains("(best)").contains(r.path("dataset").path("sha256").asText());
        assertThat(Reports.read(out).toString()).isEqualTo(r.toString());
    }

    /** The server's blend, measured through a real engine over the embedded adapters. */
    @Test
    void theEngineBlendIsScoredThroughTheEngine() throws Exception {
        Path data = sasrec("chains.txt", Fixtures.chains(120, 80, 10, 0.1, 3));
        ObjectNode r = run(options(data, List.of("popular", "blend"), 1, Map.of()));
        JsonNode blend = model(r, "blend");
        assertThat(blend.path("kind").asText()).isEqualTo("engine");
        assertThat(blend.path("test").path("variants").path("loo").path("mrrTruncated").asBoolean()).isTrue();
        // exact leave-one-out: trained on all but each user's last two items, once for both splits
        assertThat(blend.path("test").path("stats").path("eventsRead").asLong()).isEqualTo(120 * 8);
        assertThat(test(r, "blend", "loo", "recall@10")).isGreaterThan(test(r, "popular", "loo", "recall@10"));
        try (var files = Files.list(dir.resolve("tmp"))) {
            assertThat(files.toList()).as("the engine's temporary directory is removed").isEmpty();
        }
    }

    /**
     * An external model scored from an exported split gets exactly the metrics the harness computes for the same
     * ranking: here an independent most-popular written as a predictions file.
     */
    @Test
    void anExportedSplitScoresExternalPredictionsLikeTheHarness() throws Exception {
        Path data = sasrec("chains.txt", Fixtures.chains(200, 120, 8, 0.3, 11));
        EvalRun.Options o = options(data, List.of("popular"), 1, Map.of());
        ObjectNode r = run(o);
        Path reportDir = dir.resolve("report");
        Reports.write(r, reportDir);

        Interactions d = EvalRun.load(o);
        Protocol.Splits splits = o.protocol().split(d);
        Path splitDir = dir.resolve("split");
        ExternalSplit.write(splits.test(), o.protocol(), o.dataset().toString(), null, splitDir);
        assertThat(Files.readAllLines(splitDir.resolve("train.tsv"))).hasSize(splits.test().trainSize());
        assertThat(Files.readAllLines(splitDir.resolve("history.tsv"))).hasSize(200); // each validation item
        assertThat(Files.readAllLines(splitDir.resolve("targets.tsv"))).hasSize(200);

        // an "external" most-popular counted on train.tsv alone, masking train.tsv and history.tsv
        Map<String, Set<String>> history = new java.util.HashMap<>();
        Map<String, Integer> pop = new java.util.HashMap<>();
        for (String line : Files.readAllLines(splitDir.resolve("train.tsv"))) {
            String[] f = line.split("\t");
            if (history.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1])) {
                pop.merge(f[1], 1, Integer::sum);
            }
        }
        for (String line : Files.readAllLines(splitDir.resolve("history.tsv"))) {
            String[] f = line.split("\t");
            history.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[1]);
        }
        List<String> catalog = Files.readAllLines(splitDir.resolve("catalog.tsv"));
        List<String> ranked = new ArrayList<>(catalog);
        ranked.sort((a, b) -> {
            int c = Integer.compare(pop.getOrDefault(b, 0), pop.getOrDefault(a, 0));
            return c != 0 ? c : Integer.compare(catalog.indexOf(a), catalog.indexOf(b));
        });
        StringBuilder predictions = new StringBuilder();
        Set<String> targetsUsers = new HashSet<>();
        for (String line : Files.readAllLines(splitDir.resolve("targets.tsv"))) {
            targetsUsers.add(line.split("\t")[0]);
        }
        for (String u : targetsUsers) {
            List<String> l = ranked.stream().filter(i -> !history.get(u).contains(i)).limit(100).toList();
            predictions.append(u).append('\t').append(String.join(" ", l)).append('\n');
        }
        predictions.append("stranger\ti1 i2\n");
        Path file = dir.resolve("pop.tsv");
        Files.writeString(file, predictions.toString());
        Files.writeString(dir.resolve("pop.tsv.meta.json"),
                "{\"trainMillis\": 1234, \"params\": {\"how\": \"counts\"}}");

        ExternalSplit.Loaded loaded = ExternalSplit.read(splitDir);
        assertThat(loaded.split().cases()).hasSize(200);
        assertThat(loaded.split().trainSize()).isEqualTo(splits.test().trainSize());
        assertThat(loaded.split().historyOnlyRows()).hasSize(200);
        ObjectNode ext = ExternalScore.score(loaded, file, "external-pop", 2);
        JsonNode internal = model(r, "popular").path("test").path("variants").path("loo").path("metrics");
        JsonNode external = ext.path("test").path("variants").path("loo").path("metrics");
        for (String m : List.of("recall@5", "recall@10", "recall@20", "ndcg@10", "ndcg@20", "coverage@10",
                "popularity@10")) {
            assertThat(external.path(m).asDouble()).as(m).isCloseTo(internal.path(m).asDouble(), within(1e-12));
        }
        assertThat(ext.path("test").path("predictions").path("ignoredUsers").asLong()).isEqualTo(1);
        assertThat(ext.path("test").path("trainMillis").asLong()).isEqualTo(1234);

        ExternalScore.addToReport(ext, loaded, reportDir);
        String md = Files.readString(reportDir.resolve("report.md"));
        assertThat(md).contains("| external-pop (external) |").contains("how=counts");
        assertThat(Reports.read(reportDir).path("models")).hasSize(2);

        // a split of another dataset is refused
        Path other = sasrec("other.txt", Fixtures.chains(50, 30, 6, 0.3, 1));
        EvalRun.Options oo = options(other, List.of("popular"), 1, Map.of());
        Split os = oo.protocol().split(EvalRun.load(oo)).test();
        Path otherDir = dir.resolve("other-split");
        ExternalSplit.write(os, oo.protocol(), oo.dataset().toString(), null, otherDir);
        ExternalSplit.Loaded ol = ExternalSplit.read(otherDir);
        assertThatThrownBy(() -> ExternalScore.addToReport(ext, ol, reportDir)).hasMessageContaining("dataset sha256");
    }

    /** An event export (views, carts, purchases, ratings, refunds) through the temporal protocol and the engine. */
    @Test
    void anEventExportIsEvaluatedTemporallyThroughTheEngine() throws Exception {
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        String[] types = { "view", "view", "add_to_cart", "rate", "purchase" };
        for (int u = 0; u < 60; u++) {
            for (int k = 0; k < 12; k++) {
                int item = (u % 6) * 5 + rnd.nextInt(5); // six taste groups of five items
                String ts = java.time.Instant.parse("2024-03-01T00:00:00Z").plusSeconds(86_400L * k + u * 60L)
                        .toString();
                String type = types[rnd.nextInt(types.length)];
                sb.append("{\"type\":\"").append(type).append("\",\"userId\":\"u").append(u)
                        .append("\",\"timestamp\":\"").append(ts).append('"');
                switch (type) {
                    case "purchase" -> sb.append(",\"orderId\":\"o").append(u).append('-').append(k)
                            .append("\",\"lineItems\":[{\"itemId\":\"i").append(item)
                            .append("\",\"price\":3,\"quantity\":1,\"currency\":\"EUR\"}]");
                    case "rate" -> sb.append(",\"itemId\":\"i").append(item).append("\",\"value\":4");
                    default -> sb.append(",\"itemId\":\"i").append(item).append('"');
                }
                sb.append("}\n");
            }
            sb.append("{\"type\":\"refund\",\"userId\":\"u").append(u)
                    .append("\",\"timestamp\":\"2024-03-02T00:00:00Z\",\"orderId\":\"r").append(u)
                    .append("\",\"lineItems\":[{\"itemId\":\"i").append((u % 6) * 5)
                    .append("\",\"price\":3,\"quantity\":1}]}\n");
        }
        Path data = dir.resolve("events.jsonl");
        Files.writeString(data, sb.toString());
        EvalRun.Options o = new EvalRun.Options(new Datasets.Spec("events", data),
                Protocol.parse("temporal", "2024-03-09", null), List.of("popular", "itemknn", "blend"), 1, Map.of(), 42,
                2, Map.of(), null, null, null, EngineConfig.defaults(), null, dir.resolve("tmp"), null, dir);
        ObjectNode r = run(o);
        assertThat(r.path("dataset").path("cleaning").path("rows").asLong()).isEqualTo(60 * 13);
        for (String m : List.of("popular", "itemknn", "blend")) {
            assertThat(model(r, m).path("test").path("variants").path("all").path("users").asInt()).isEqualTo(60);
        }
        assertThat(test(r, "itemknn", "all", "recall@5")).isGreaterThan(test(r, "popular", "all", "recall@5"));
        assertThat(test(r, "blend", "all", "recall@5")).isGreaterThan(test(r, "popular", "all", "recall@5"));
    }

    @Test
    void badOptionsFailBeforeAnyWork() throws Exception {
        Path data = sasrec("tiny.txt", Fixtures.sequences("u1 a b c d"));
        assertThatThrownBy(() -> run(options(data, List.of("svd"), 1, Map.of())))
                .hasMessageContaining("unknown model 'svd'");
        EvalRun.Options fixedUnknown = new EvalRun.Options(new Datasets.Spec("sasrec", data), new LeaveOneOut(),
                List.of("als"), 1, Map.of(), 42, 1, Map.of("als", Map.of("rnak", "8")), null, null, null,
                EngineConfig.defaults(), null, null, null, dir);
        assertThatThrownBy(() -> run(fixedUnknown)).hasMessageContaining("no parameter 'rnak'");
        assertThatThrownBy(() -> EvalRun.parseTrials("ten", new java.util.HashMap<>()))
                .hasMessageContaining("--trials");
        assertThat(EvalRun.parseParams(List.of("blend.w.als=2", "als.rank=8")))
                .isEqualTo(Map.of("blend", Map.of("w.als", "2"), "als", Map.of("rank", "8")));
        Map<String, Integer> per = new java.util.HashMap<>();
        assertThat(EvalRun.parseTrials("10,als=4", per)).isEqualTo(10);
        assertThat(per).isEqualTo(Map.of("als", 4));
        assertThat(Arrays.asList(log.toString(StandardCharsets.UTF_8).split("\n"))).isNotNull();
    }
}
