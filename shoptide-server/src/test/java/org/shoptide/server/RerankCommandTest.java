package org.shoptide.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.cli.ShoptideCli;

/**
 * {@code shoptide rerank} on a real data directory: a log whose shown order is random while users click in the category
 * they browse; the re-ranker learns it, beats the logged order and is stored for serving.
 */
class RerankCommandTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

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

    @Test
    void trainsComparesAndStoresAReRankerThatBeatsARandomOrder() throws Exception {
        assertThat(run("shops", "create", "--id", "s1", "--name", "S")).isZero();
        StringBuilder items = new StringBuilder("id,title,price,currency,brand,category\n");
        for (int i = 0; i < 200; i++) {
            items.append("p").append(i).append(",Product ").append(i).append(',').append(5 + i % 13).append(",EUR,B")
                    .append(i % 7).append(",Dept > C").append(i % 10).append('\n');
        }
        Files.writeString(dir.resolve("items.csv"), items);
        assertThat(run("import", "--shop", "s1", "--kind", "items", dir.resolve("items.csv").toString()))
                .as(err.toString(UTF_8)).isZero();

        SplittableRandom rnd = new SplittableRandom(5);
        Instant t = Instant.now().minus(20, ChronoUnit.DAYS);
        StringBuilder log = new StringBuilder();
        for (int n = 0; n < 2500; n++) {
            int u = rnd.nextInt(200);
            int fav = u % 10;
            for (int v = 0; v < 3; v++) {
                log.append(event(t, "view", u, "p" + (fav + 10 * rnd.nextInt(20)), null));
                t = t.plusSeconds(5);
            }
            String rec = "r" + n;
            StringBuilder shown = new StringBuilder();
            int[] ids = new int[10];
            for (int k = 0; k < 10; k++) {
                ids[k] = rnd.nextInt(200);
                shown.append(k == 0 ? "" : ",").append("{\"itemId\":\"p").append(ids[k]).append("\",\"position\":")
                        .append(k + 1).append('}');
            }
            log.append("{\"type\":\"impression\",\"userId\":\"u").append(u).append("\",\"timestamp\":\"").append(t)
                    .append("\",\"items\":[").append(shown).append("],\"context\":{\"scenario\":\"user\",")
                    .append("\"recommendationId\":\"").append(rec).append("\"},\"properties\":{\"source\":\"server\",")
                    .append("\"explored\":\"true\",\"model\":\"blend\"}}\n");
            for (int k = 0; k < 10; k++) {
                double examine = 1 / (Math.log(2 + k) / Math.log(2));
                if (rnd.nextDouble() < examine * (ids[k] % 10 == fav ? 0.6 : 0.05)) {
                    t = t.plusSeconds(2);
                    log.append(event(t, "click", u, "p" + ids[k], rec));
                }
            }
            t = t.plusSeconds(60);
        }
        Files.writeString(dir.resolve("events.jsonl"), log);
        assertThat(run("import", "--shop", "s1", "--kind", "events", dir.resolve("events.jsonl").toString()))
                .as(err.toString(UTF_8)).isZero();

        assertThat(run("rerank", "--shop", "s1", "--scenario", "user")).as(err.toString(UTF_8)).isZero();
        String o = out.toString(StandardCharsets.UTF_8);
        assertThat(o).contains("2,500 impressions").contains("NDCG@10").contains("position bias from 2,500 explored")
                .contains("it beat the blend");
        Path artifact = dir.resolve("data").resolve("rerankers").resolve("s1").resolve("user.reranker");
        assertThat(Files.readString(artifact)).startsWith("shoptide-reranker 1\n").contains("comparison.wins=true");

        assertThat(run("rerank", "--shop", "s1", "--scenario", "sideways")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--scenario must be user, item, cart or trending");
    }

    private static String event(Instant t, String type, int user, String item, String rec) {
        return "{\"type\":\"" + type + "\",\"userId\":\"u" + user + "\",\"itemId\":\"" + item + "\",\"timestamp\":\""
                + t + "\""
                + (rec == null ? "" : ",\"context\":{\"scenario\":\"user\",\"recommendationId\":\"" + rec + "\"}")
                + "}\n";
    }
}
