package org.shoptide.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.cli.ShoptideCli;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;

/** {@code shoptide experiments}: offline on the data dir and against a running server. */
class ExperimentsCliTest {
    static final String DEFINITION = """
            {"name":"popular vs blend","unit":"user","scenario":"trending",
             "variants":[{"name":"control","weight":50,"model":"popular"},
                         {"name":"blend","weight":50,"model":"blend"}],"guardrails":["ctr"]}""";
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return ShoptideCli.run(Engines.production(), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    static String id(String text) {
        Matcher m = Pattern.compile("exp_[a-z0-9]{12}").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group();
    }

    @Test
    void offlineOnTheDataDir() throws Exception {
        String data = dir.resolve("data").toString();
        Path def = dir.resolve("exp.json");
        Files.writeString(def, DEFINITION);
        assertThat(run(Map.of(), "shops", "create", "--id", "s1", "--name", "S", "--data-dir", data)).isZero();
        assertThat(run(Map.of(), "experiments", "--shop", "s1", "create", def.toString(), "--data-dir", data))
                .as(err.toString(UTF_8)).isZero();
        String id = id(out());
        assertThat(run(Map.of(), "experiments", "--shop", "s1", "start", id, "--data-dir", data)).isZero();
        assertThat(run(Map.of(), "experiments", "--shop", "s1", "list", "--data-dir", data)).isZero();
        assertThat(out()).contains(id).contains("running").contains("control, blend");
        assertThat(run(Map.of(), "experiments", "--shop", "s1", "results", id, "--data-dir", data)).isZero();
        assertThat(out()).contains("variant").contains("control").contains("Sample ratio: p=1.0000 (ok)");
        assertThat(run(Map.of(), "experiments", "--shop", "s1", "start", id, "--data-dir", data)).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("only a draft can be started");
        Files.writeString(def, "{\"name\":\"x\",\"scenario\":\"user\",\"variants\":[{\"name\":\"a\",\"weight\":-1}]}");
        assertThat(run(Map.of(), "experiments", "--shop", "s1", "create", def.toString(), "--data-dir", data))
                .isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("variants[0].weight").contains("variants:");
        assertThat(run(Map.of(), "experiments", "list", "--data-dir", data)).as("neither --url nor --shop")
                .isEqualTo(2);
    }

    @Test
    void againstARunningServer() throws Exception {
        ServerConfig config = ServerConfig.fromMap(Map.of("data.dir", dir.resolve("srv").toString(), "http.host",
                "127.0.0.1", "http.port", "0", "operator.key", "cli-operator-key-1234567890"));
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            String url = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(url + "/v1/shops"))
                            .header("Authorization", "Bearer cli-operator-key-1234567890")
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"web\",\"name\":\"Web\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode keys = Json.MAPPER.readTree(created.body());
            String sk = keys.get("secretKey").asText();
            String pk = keys.get("publishableKey").asText();
            http.send(HttpRequest.newBuilder(URI.create(url + "/v1/items")).header("Authorization", "Bearer " + sk)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"}]"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            http.send(HttpRequest.newBuilder(URI.create(url + "/v1/events")).header("Authorization", "Bearer " + pk)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("[{\"type\":\"view\",\"userId\":\"x\",\"itemId\":\"a\"},"
                            + "{\"type\":\"view\",\"userId\":\"y\",\"itemId\":\"b\"}]"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            Path def = dir.resolve("exp.json");
            Files.writeString(def, DEFINITION);
            Map<String, String> env = Map.of("SHOPTIDE_URL", url, "SHOPTIDE_KEY", sk);
            assertThat(run(env, "experiments", "create", def.toString())).as(err.toString(UTF_8)).isZero();
            String id = id(out());
            assertThat(run(Map.of(), "experiments", "--url", url, "--key", sk, "start", id)).as(err.toString(UTF_8))
                    .isZero();
            for (int u = 0; u < 20; u++) {
                http.send(HttpRequest
                        .newBuilder(URI.create(url + "/v1/recommendations?scenario=trending&n=2&userId=u" + u))
                        .header("Authorization", "Bearer " + pk).build(), HttpResponse.BodyHandlers.ofString());
            }
            assertThat(run(env, "experiments", "results", id)).as(err.toString(UTF_8)).isZero();
            String table = out();
            assertThat(table).contains("Experiment " + id).contains("blend vs control").contains("ctr");
            long visitors = table.lines().filter(l -> l.matches("(control|blend)\\s+\\d+ .*"))
                    .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[1])).sum();
            assertThat(visitors).isEqualTo(20);
            assertThat(run(env, "experiments", "results", id, "--json")).isZero();
            assertThat(Json.MAPPER.readTree(out()).get("variants")).hasSize(2);
            assertThat(run(env, "experiments", "stop", id)).isZero();
            assertThat(run(Map.of("SHOPTIDE_URL", url, "SHOPTIDE_KEY", "sk_wrong"), "experiments", "list"))
                    .isEqualTo(2);
            assertThat(err.toString(UTF_8)).contains("401");
        }
    }
}
