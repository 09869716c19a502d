package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.cli.ShoptideCli;
import org.shoptide.server.demo.OnlineRetail;

/**
 * {@code shoptide eval} end to end on a slice of the shipped UCI Online Retail data (so the harness cannot rot): a
 * temporal run with most-popular, co-occurrence and the engine's blend, then the external-model round trip.
 */
class EvalCliTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path data;

    /** A slice of the shipped data: every row of the customers whose id ends in 0 (about 430 customers). */
    @BeforeEach
    void sliceTheShippedData() throws Exception {
        data = dir.resolve("online_retail_slice.csv");
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(OnlineRetail.openShipped(), StandardCharsets.UTF_8));
                BufferedWriter w = Files.newBufferedWriter(data, StandardCharsets.UTF_8)) {
            w.write(r.readLine());
            w.write('\n');
            String line;
            while ((line = r.readLine()) != null) {
                int country = line.lastIndexOf(',');
                String customer = line.substring(line.lastIndexOf(',', country - 1) + 1, country);
                if (customer.endsWith("0")) {
                    w.write(line);
                    w.write('\n');
                }
            }
        }
    }

    int run(String... args) {
        out.reset();
        err.reset();
        return ShoptideCli.run(Engines.production(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void runsATemporalTableAndScoresAnExternalModelIntoIt() throws Exception {
        Path report = dir.resolve("report");
        List<String> common = List.of("--dataset", "uci:" + data, "--protocol", "temporal", "--cut", "2011-09-01",
                "--seed", "7", "--data-dir", dir.resolve("data").toString());
        List<String> args = new ArrayList<>(List.of("eval", "run"));
        args.addAll(common);
        args.addAll(List.of("--models", "popular,cooccurrence,blend", "--trials", "1,cooccurrence=2", "--threads", "2",
                "--out", report.toString(), "--temp-dir", dir.resolve("tmp").toString()));
        assertThat(run(args.toArray(String[]::new))).as(output()).isEqualTo(0);
        JsonNode r = new ObjectMapper().readTree(report.resolve("report.json").toFile());
        assertThat(r.path("dataset").path("cleaning").path("droppedCancellation").asLong()).isPositive();
        assertThat(r.path("dataset").path("users").asInt()).isBetween(300, 600);
        assertThat(r.path("models")).hasSize(3);
        for (JsonNode m : r.path("models")) {
            for (String variant : List.of("all", "new")) {
                JsonNode v = m.path("test").path("variants").path(variant);
                assertThat(v.path("users").asInt()).as(m.path("name") + " " + variant).isPositive();
                assertThat(v.path("metrics").path("recall@20").asDouble()).isBetween(0.0, 1.0);
            }
        }
        assertThat(r.path("models").get(0).path("test").path("variants").path("all").path("metrics").path("recall@20")
                .asDouble()).as("most-popular finds some purchases").isPositive();
        assertThat(r.path("models").get(1).path("trials")).hasSize(2);
        String md = Files.readString(report.resolve("report.md"));
        assertThat(md).contains("variant `all`").contains("variant `new`").contains("| blend (engine) |")
                .contains("droppedNonProduct=");

        // the external round trip: export the test split, score an oracle that ranks each user's targets first
        Path split = dir.resolve("split");
        args = new ArrayList<>(List.of("eval", "export-split"));
        args.addAll(common);
        args.addAll(List.of("--out", split.toString()));
        assertThat(run(args.toArray(String[]::new))).as(output()).isEqualTo(0);
        Map<String, List<String>> targets = new LinkedHashMap<>();
        for (String line : Files.readAllLines(split.resolve("targets.tsv"))) {
            String[] f = line.split("\t");
            targets.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
        }
        StringBuilder predictions = new StringBuilder();
        targets.forEach((u, items) -> predictions.append(u).append('\t')
                .append(String.join(" ", items.subList(0, Math.min(100, items.size())))).append('\n'));
        Path file = dir.resolve("oracle.tsv");
        Files.writeString(file, predictions.toString());
        assertThat(run("eval", "score-external", "--split", split.toString(), "--predictions", file.toString(),
                "--name", "oracle", "--report", report.toString())).as(output()).isEqualTo(0);
        assertThat(output()).contains("oracle all: R@10 1.0000").contains("Added 'oracle'");
        assertThat(Files.readString(report.resolve("report.md"))).contains("| oracle (external) |");
    }

    @Test
    void theAssistantsTestSetIsScoredPerFieldAndLanguage() {
        assertThat(run("eval", "assistant", "--rounds", "1")).as(output()).isEqualTo(0);
        assertThat(output()).contains("| productType |", "zh (n=", "ru (n=", "parse latency");
        assertThat(run("eval", "assistant", "--messages", "x.tsv")).isEqualTo(2);
        assertThat(output()).contains("give all of --vocabulary, --messages and --dialogs");
    }

    @Test
    void usageErrorsAreExplained() {
        assertThat(run("eval", "run", "--dataset", "uci:" + data, "--protocol", "temporal", "--out",
                dir.resolve("x").toString())).isEqualTo(2);
        assertThat(output()).contains("--protocol temporal needs --cut");
        assertThat(run("eval", "run", "--dataset", "uci:" + data, "--protocol", "loo", "--models", "svd", "--out",
                dir.resolve("x").toString())).isEqualTo(2);
        assertThat(output()).contains("unknown model 'svd'");
        assertThat(run("eval", "run", "--dataset", "parquet:" + data, "--protocol", "loo", "--out",
                dir.resolve("x").toString())).isEqualTo(2);
        assertThat(output()).contains("unknown dataset format 'parquet'");
        assertThat(run("eval", "score-external", "--split", dir.resolve("none").toString(), "--predictions", "p",
                "--name", "x")).isEqualTo(2);
        assertThat(output()).contains("no split at");
    }
}
