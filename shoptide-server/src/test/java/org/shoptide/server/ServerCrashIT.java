package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.http.Json;

/**
 * Kills the real server (a child JVM running {@code shoptide serve}) with SIGKILL while clients ingest, restarts it,
 * and checks that every acknowledged event is stored exactly once, and that retrying the unacknowledged batches with
 * the same event ids never stores an event twice.
 */
class ServerCrashIT {
    static final String OPERATOR_KEY = "crash-test-operator-key-0123456789";
    static final int ROUNDS = 8;
    static final int THREADS = 3;
    static final int BATCH = 25;

    @TempDir
    Path dataDir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Kill moments are random per run; {@code -Dshoptide.test.seed=N} replays a failing run. */
    static final long SEED = Long.getLong("shoptide.test.seed", System.nanoTime());
    final Random random = new Random(SEED);

    ChildServer start() throws Exception {
        return ChildServer.start(dataDir, 0, OPERATOR_KEY, Map.of());
    }

    HttpResponse<String> send(String method, String url, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String batchJson(List<String> ids) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"eventId\":\"").append(id).append("\",\"type\":\"view\",\"userId\":\"u")
                    .append(id.hashCode() & 31).append("\",\"itemId\":\"item").append(id.hashCode() & 63).append("\"}");
        }
        return sb.append(']').toString();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
        System.out.println("ServerCrashIT seed " + SEED + " (replay with -Dshoptide.test.seed=" + SEED + ")");
        ChildServer child = start();
        HttpResponse<String> created = send("POST", child.base() + "/v1/shops", OPERATOR_KEY,
                "{\"id\":\"crash\",\"name\":\"Crash test\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode keys = Json.MAPPER.readTree(created.body());
        String pk = keys.get("publishableKey").asText();
        String sk = keys.get("secretKey").asText();

        Set<String> acked = ConcurrentHashMap.newKeySet();
        List<List<String>> unacked = new CopyOnWriteArrayList<>();
        int retriedBatches = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String base = child.base();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                int r = round;
                Thread c = new Thread(() -> {
                    for (int seq = 0; !stop.get(); seq++) {
                        List<String> ids = new ArrayList<>();
                        for (int i = 0; i < BATCH; i++) {
                            ids.add("c" + r + "-" + thread + "-" + seq + "-" + i);
                        }
                        try {
                            HttpResponse<String> resp = send("POST", base + "/v1/events", pk, batchJson(ids));
                            if (resp.statusCode() == 200) {
                                acked.addAll(ids);
                            } else {
                                unacked.add(ids);
                            }
                        } catch (Exception e) {
                            unacked.add(ids);
                            return; // the server is gone
                        }
                    }
                }, "client-" + t);
                c.start();
                clients.add(c);
            }
            Thread.sleep(300 + random.nextInt(900));
            child.process().destroyForcibly(); // SIGKILL
            assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
            stop.set(true);
            for (Thread c : clients) {
                c.join(15_000);
            }
            child = start();
            // retry everything that was not acknowledged, with the same ids: none may be stored twice
            for (List<String> ids : List.copyOf(unacked)) {
                HttpResponse<String> resp = send("POST", child.base() + "/v1/events", pk, batchJson(ids));
                assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
                acked.addAll(ids);
                retriedBatches++;
            }
            unacked.clear();
        }

        // read everything back through the export route of the restarted server
        Map<String, Integer> counts = new HashMap<>();
        long from = 0;
        while (true) {
            HttpResponse<String> resp = send("GET", child.base() + "/v1/events/export?from=" + from + "&limit=5000", sk,
                    null);
            assertThat(resp.statusCode()).isEqualTo(200);
            if (resp.body().isEmpty()) {
                break;
            }
            for (String line : resp.body().split("\n")) {
                counts.merge(Json.MAPPER.readTree(line).get("eventId").asText(), 1, Integer::sum);
            }
            from = Long.parseLong(resp.headers().firstValue("X-Next-From").orElseThrow());
        }
        child.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);

        assertThat(acked).hasSizeGreaterThan(ROUNDS * BATCH);
        assertThat(counts.keySet()).containsAll(acked);
        assertThat(counts.entrySet()).allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1));
        System.out.println("crash test: " + acked.size() + " acknowledged events, " + retriedBatches
                + " batches retried, " + counts.size() + " stored");
    }
}
