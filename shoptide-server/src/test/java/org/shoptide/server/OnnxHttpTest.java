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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.cli.ShoptideCli;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;
import org.shoptide.testing.onnx.TinyOnnx;

/**
 * A shop's own ONNX model through the real server (production wiring) and the CLI: the item table download, uploads
 * rejected with problem JSON and nothing stored, a model that beats the blend on the hold-out re-ranking
 * recommendations, one that loses stored but not served, activation and deletion.
 * <p>
 * The shop: 60 items {@code p0..}; each of 600 users views {@code a}, two other items, then {@code f(a)}: the item
 * engaged with last depends on the first one only, which the uploaded model (it reads the oldest of the last three
 * items) knows and the engine's sources do not.
 */
class OnnxHttpTest {
    static final String OPERATOR = "onnx-operator-key-1234567890";
    static final int ITEMS = 60;

    @TempDir
    Path dir;
    final HttpClient http = HttpClient.newHttpClient();
    String url;
    String sk;
    String pk;

    static int follow(int a) {
        return (a * 7 + 3) % ITEMS;
    }

    HttpResponse<String> send(String method, String path, String key, HttpRequest.BodyPublisher body,
            String contentType) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + key)
                        .header("Content-Type", contentType).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
    }

    JsonNode upload(byte[] model, int status) throws Exception {
        return json(send("POST", "/v1/models/onnx", sk, HttpRequest.BodyPublishers.ofByteArray(model),
                "application/octet-stream"), status);
    }

    void postJson(String path, String key, String body) throws Exception {
        assertThat(send("POST", path, key, HttpRequest.BodyPublishers.ofString(body), "application/json").statusCode())
                .isLessThan(300);
    }

    @Test
    void uploadGateServeAndManageThroughTheApiAndTheCli() throws Exception {
        ServerConfig config = ServerConfig
                .fromMap(Map.of("data.dir", dir.resolve("srv").toString(), "http.host", "127.0.0.1", "http.port", "0",
                        "operator.key", OPERATOR, "onnx.timeout-ms", "2000", "onnx.max-bytes", "2000000"));
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, UTF_8))) {
            url = "http://127.0.0.1:" + server.port();
            JsonNode keys = Json.MAPPER.readTree(send("POST", "/v1/shops", OPERATOR,
                    HttpRequest.BodyPublishers.ofString("{\"id\":\"web\",\"name\":\"Web\"}"), "application/json")
                            .body());
            sk = keys.get("secretKey").asText();
            pk = keys.get("publishableKey").asText();
            StringBuilder items = new StringBuilder("[");
            for (int i = 0; i < ITEMS; i++) {
                items.append(i == 0 ? "" : ",").append("{\"id\":\"p").append(i).append("\"}");
            }
            postJson("/v1/items", sk, items.append(']').toString());
            // before the first training there is no item table
            json(send("GET", "/v1/models/onnx/items", sk, HttpRequest.BodyPublishers.noBody(), "application/json"),
                    409);
            Random rnd = new Random(5);
            Instant t = Instant.now().minusSeconds(100_000);
            List<String> events = new ArrayList<>();
            for (int u = 0; u < 600; u++) {
                int a = rnd.nextInt(ITEMS);
                int b;
                int c;
                do {
                    b = rnd.nextInt(ITEMS);
                    c = rnd.nextInt(ITEMS);
                } while (b == a || c == a || b == c || b == follow(a) || c == follow(a));
                for (int item : new int[] { a, b, c, follow(a) }) {
                    events.add("{\"type\":\"view\",\"userId\":\"u" + u + "\",\"itemId\":\"p" + item
                            + "\",\"timestamp\":\"" + t + "\"}");
                    t = t.plusSeconds(2);
                }
            }
            for (int from = 0; from < events.size(); from += 1000) {
                postJson("/v1/events", pk,
                        "[" + String.join(",", events.subList(from, Math.min(events.size(), from + 1000))) + "]");
            }
            postJson("/v1/train", sk, "");

            JsonNode table = json(
                    send("GET", "/v1/models/onnx/items", sk, HttpRequest.BodyPublishers.noBody(), "application/json"),
                    200);
            List<String> ids = new ArrayList<>();
            table.path("items").forEach(i -> ids.add(i.asText()));
            assertThat(ids).hasSize(ITEMS);
            int[] follow = new int[ITEMS];
            for (int j = 0; j < ITEMS; j++) {
                follow[j] = ids.indexOf("p" + follow(Integer.parseInt(ids.get(j).substring(1))));
            }

            // broken uploads: problem JSON naming every violation; nothing stored
            JsonNode p = upload(new byte[] { 9, 9, 9 }, 422);
            assertThat(p.path("status").asInt()).isEqualTo(422);
            assertThat(p.path("errors").get(0).path("message").asText()).contains("not a model ONNX Runtime can load");
            byte[] wrongType = new TinyOnnx().input("history", TinyOnnx.INT32, "H")
                    .input("candidates", TinyOnnx.INT64, "C").output("scores", TinyOnnx.FLOAT, "C")
                    .node("Cast", List.of("candidates"), List.of("scores"), "to", (long) TinyOnnx.FLOAT).build();
            assertThat(upload(wrongType, 422).toString()).contains("input 'history' must be int64, is int32");
            assertThat(upload(TinyOnnx.slow(4, 1024, 1), 413).toString()).contains("onnx.max-bytes");
            assertThat(json(send("GET", "/v1/models/onnx", sk, HttpRequest.BodyPublishers.noBody(), "application/json"),
                    200).path("versions")).isEmpty();

            // the winner: stored, active, serving, with both hold-out metrics
            JsonNode v1 = upload(TinyOnnx.firstItem(follow, 3), 201);
            assertThat(v1.path("serving").asBoolean()).as(v1.toString()).isTrue();
            assertThat(v1.path("metadata").path("gate.decision").asText()).isEqualTo("serve");
            assertThat(v1.path("metadata").path("eval.onnx.ndcg@20").asText()).isEqualTo("1.0000");
            assertThat(v1.path("metadata").path("eval.baseline.ndcg@20").asDouble()).isLessThan(1.0);

            // a visitor who viewed p10, p20, p30 in that order gets f(p10) first
            for (int item : new int[] { 10, 20, 30 }) {
                postJson("/v1/events", pk, "[{\"type\":\"view\",\"userId\":\"v1\",\"itemId\":\"p" + item + "\"}]");
            }
            JsonNode recs = json(send("GET", "/v1/recommendations?userId=v1&n=5", pk,
                    HttpRequest.BodyPublishers.noBody(), "application/json"), 200);
            assertThat(recs.path("items").get(0).path("itemId").asText()).isEqualTo("p" + follow(10));

            // the CLI: list, upload a loser (stored, not served), activate the winner again, delete the loser
            Map<String, String> env = Map.of("SHOPTIDE_URL", url, "SHOPTIDE_KEY", sk);
            Path loser = dir.resolve("loser.onnx");
            int[] wrong = new int[ITEMS];
            for (int j = 0; j < ITEMS; j++) {
                wrong[j] = (j + 1) % ITEMS;
            }
            Files.write(loser, TinyOnnx.firstItem(wrong, 3));
            assertThat(cli(env, "onnx", "upload", loser.toString())).as(err()).isZero();
            assertThat(out()).contains("blend").contains("does not beat");
            assertThat(cli(env, "onnx", "list")).isZero();
            assertThat(out()).contains("serve").contains("active");
            assertThat(cli(env, "onnx", "activate", "1")).isZero();
            assertThat(out()).contains("serving");
            assertThat(cli(env, "onnx", "delete", "2")).isZero();
            assertThat(cli(env, "onnx", "delete", "2")).isEqualTo(1);
            assertThat(err()).contains("HTTP 404").contains("no ONNX model version 2");
            Path tableFile = dir.resolve("items.txt");
            assertThat(cli(env, "onnx", "items", "--out", tableFile.toString())).isZero();
            assertThat(Files.readAllLines(tableFile)).isEqualTo(ids);
            Path garbage = dir.resolve("garbage.onnx");
            Files.write(garbage, new byte[] { 1, 2 });
            assertThat(cli(env, "onnx", "upload", garbage.toString())).isEqualTo(1);
            assertThat(err()).contains("HTTP 422").contains("not a model ONNX Runtime can load");
            JsonNode list = json(
                    send("GET", "/v1/models/onnx", sk, HttpRequest.BodyPublishers.noBody(), "application/json"), 200);
            assertThat(list.path("versions")).hasSize(1);
            assertThat(list.path("versions").get(0).path("serving").asBoolean()).isTrue();
        }
    }

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int cli(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        return ShoptideCli.run(Engines.production(), env, new PrintStream(out, true, UTF_8),
                new PrintStream(err, true, UTF_8), args);
    }

    String out() {
        return out.toString(UTF_8);
    }

    String err() {
        return err.toString(UTF_8);
    }
}
