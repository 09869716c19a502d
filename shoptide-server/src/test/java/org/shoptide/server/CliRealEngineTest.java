package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.cli.ShoptideCli;
import org.shoptide.server.config.ServerConfig;

/** The offline CLI commands on a real data directory: create, import, train, recommend, list. */
class CliRealEngineTest {
    @TempDir
    Path dir;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        out.reset();
        err.reset();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.resolve("data").toString();
        return ShoptideCli.run(Engines.production(), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void createImportTrainRecommend() throws Exception {
        assertThat(run("shops", "create", "--id", "shop1", "--name", "Shop One")).as(err()).isZero();
        assertThat(out()).contains("pk_shop1_").contains("sk_shop1_");

        Path items = dir.resolve("items.csv");
        Files.writeString(items,
                "id,title,price,currency,category\n"
                        + IntStream.range(0, 30)
                                .mapToObj(i -> "p" + i + ",Product " + i + "," + (1 + i) + ",EUR,"
                                        + (i % 2 == 0 ? "Garden" : "Kitchen"))
                                .collect(Collectors.joining("\n"))
                        + "\n");
        assertThat(run("import", "--shop", "shop1", "--kind", "items", items.toString())).as(err()).isZero();
        assertThat(out()).contains("30 stored");

        Instant base = Instant.now().minus(2, ChronoUnit.DAYS);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            jsonl.append("{\"type\":\"view\",\"userId\":\"u").append(i % 40).append("\",\"itemId\":\"p")
                    .append((i * 7 + i / 40) % 30).append("\",\"timestamp\":\"").append(base.plusSeconds(i * 60L))
                    .append("\"}\n");
        }
        Path events = dir.resolve("events.jsonl");
        Files.writeString(events, jsonl);
        assertThat(run("import", "--shop", "shop1", "--kind", "events", events.toString())).as(err()).isZero();
        assertThat(out()).contains("600 stored");
        assertThat(err()).contains("validate").contains("100%");
        // the same file again: every deterministic id is already stored
        assertThat(run("import", "--shop", "shop1", "--kind", "events", events.toString())).as(err()).isZero();
        assertThat(out()).contains("0 stored").contains("600 duplicates skipped");

        assertThat(run("train", "--shop", "shop1")).as(err()).isZero();
        assertThat(out()).contains("model v1").contains("600 events");
        assertThat(run("recommend", "--shop", "shop1", "--user", "u3", "-n", "5")).as(err()).isZero();
        assertThat(out()).contains("user recommendations (model v1").contains("Product ");
        assertThat(run("recommend", "--shop", "shop1", "--scenario", "item", "--item", "p1")).as(err()).isZero();
        assertThat(run("shops", "list")).isZero();
        assertThat(out()).contains("shop1").contains("model v1");
        assertThat(run("recommend", "--shop", "nope", "--user", "u")).isNotZero();
    }

    @SuppressWarnings("try") // the server only has to run while the block does
    @Test
    void importRefusesWhileTheServerHoldsTheDataDir() throws Exception {
        ServerConfig config = ServerConfig.fromMap(Map.of("data.dir", dir.resolve("data").toString(), "http.host",
                "127.0.0.1", "http.port", "0", "operator.key", "operator-key-for-the-lock-test"));
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            Path f = dir.resolve("e.jsonl");
            Files.writeString(f, "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}\n");
            assertThat(run("import", "--shop", "x", "--kind", "events", f.toString())).isEqualTo(1);
            assertThat(err()).contains("already open").contains("stop the server first");
        }
    }
}
