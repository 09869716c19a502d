package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.shop.ShopId;
import org.shoptide.server.cli.ShoptideCli;

/** The CLI over the real adapters (event log, SQLite) with a fake engine on top. */
class CliTest {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final InMemoryEngine memory = new InMemoryEngine(Clock.systemUTC());

    int run(Map<String, String> env, String... args) {
        return ShoptideCli.run((c, shops, items, users, rules, experiments, log, models, clock) -> memory.newEngine(),
                env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownConfigKeyStopsStartUpNamingTheClosestKey() throws Exception {
        Path cfg = dir.resolve("s.properties");
        Files.writeString(cfg, "data.dir=" + dir + "\nhttp.prot=1\n");
        assertThat(run(Map.of(), "serve", "--config", cfg.toString())).isEqualTo(2);
        assertThat(err()).contains("unknown configuration key 'http.prot'").contains("did you mean 'http.port'");
        assertThat(run(Map.of("SHOPTIDE_TRAINING_RANKS", "3"), "train", "--shop", "x", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("SHOPTIDE_TRAINING_RANKS").contains("SHOPTIDE_TRAINING_RANK");
    }

    @Test
    void unknownAdapterSchemeNamesTheSupportedOnes() {
        assertThat(run(Map.of("SHOPTIDE_EVENTLOG_URI", "pulsar://broker:6650"), "shops", "list", "--data-dir",
                dir.toString())).isEqualTo(2);
        assertThat(err()).contains("eventlog.uri").contains("unsupported scheme 'pulsar:'")
                .contains("supported: file:, kafka:");
        assertThat(run(Map.of("SHOPTIDE_ENTITIES_URI", "mysql://db/x"), "shops", "list", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("entities.uri").contains("supported: sqlite:, postgresql:");
        assertThat(run(Map.of("SHOPTIDE_ENTITIES_URI", "jdbc:mysql://db/x"), "shops", "list", "--data-dir",
                dir.toString())).isEqualTo(2);
        assertThat(err()).contains("entities.uri").contains("only jdbc:postgresql://");
    }

    @Test
    void importReportsEveryBadLineAndWritesNothing() throws Exception {
        memory.engine.createShop(ShopId.of("s1"), "S1");
        Path f = dir.resolve("events.jsonl");
        Files.writeString(f, """
                {"type":"view","userId":"u","itemId":"i"}
                {"type":"view","userId":"u"}
                {"type":"view","userId":"u","itemId":"i"}
                {oops
                """);
        int code = run(Map.of(), "import", "--data-dir", dir.resolve("data").toString(), "--shop", "s1", "--kind",
                "events", f.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("Rejected: 2 problem(s)").contains("line 2, itemId").contains("line 4")
                .contains("nothing was written");
        assertThat(memory.events(ShopId.of("s1"))).isEmpty();

        Files.writeString(f, "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}\n");
        assertThat(run(Map.of(), "import", "--data-dir", dir.resolve("data").toString(), "--shop", "s1", "--kind",
                "events", "--format", "jsonl", f.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("1 stored");
        assertThat(memory.events(ShopId.of("s1"))).hasSize(1);
    }

    @Test
    void importTakesSeveralFilesInOneRunAndStopsAtTheFirstRejectedOne() throws Exception {
        memory.engine.createShop(ShopId.of("s1"), "S1");
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.csv");
        Path bad = dir.resolve("bad.jsonl");
        Path c = dir.resolve("c.jsonl");
        Files.writeString(a, """
                {"type":"view","userId":"u1","itemId":"i1"}
                {"type":"view","userId":"u2","itemId":"i2"}
                """);
        Files.writeString(b, "type,userId,itemId\nadd_to_cart,u1,i1\n");
        Files.writeString(bad, "{\"type\":\"view\",\"userId\":\"u3\"}\n");
        Files.writeString(c, "{\"type\":\"view\",\"userId\":\"u4\",\"itemId\":\"i4\"}\n");
        String data = dir.resolve("data").toString();
        assertThat(run(Map.of(), "import", "--data-dir", data, "--shop", "s1", "--kind", "events", a.toString(),
                b.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("2 stored").contains("1 stored");
        assertThat(memory.events(ShopId.of("s1"))).hasSize(3);

        assertThat(run(Map.of(), "import", "--data-dir", data, "--shop", "s1", "--kind", "events", bad.toString(),
                c.toString())).isEqualTo(1);
        assertThat(err()).contains("Rejected: 1 problem(s) in " + bad).contains("line 1, itemId");
        assertThat(memory.events(ShopId.of("s1"))).hasSize(3); // the file after the rejected one is not read

        assertThat(run(Map.of(), "import", "--data-dir", data, "--shop", "s1", "--kind", "events", "--id-prefix",
                "import:x", a.toString(), c.toString())).isEqualTo(2);
        assertThat(err()).contains("--id-prefix resumes one file");
    }

    @Test
    void shopsCreateAndList() {
        assertThat(run(Map.of(), "shops", "create", "--id", "acme", "--name", "Acme", "--data-dir", dir.toString()))
                .isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("publishable key: pk_")
                .contains("secret key:      sk_");
        assertThat(run(Map.of(), "shops", "list", "--data-dir", dir.toString())).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("acme").contains("no model");
        assertThat(run(Map.of(), "shops", "create", "--id", "Bad Id", "--name", "x", "--data-dir", dir.toString()))
                .isEqualTo(2);
        assertThat(err()).contains("invalid shop id");
    }
}
