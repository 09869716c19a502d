package org.shoptide.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One shop as seen from outside: its public HTTP API and nothing else. Publishable-key routes (events, recommendations)
 * use the publishable key, everything else the secret key. A non-2xx answer throws {@link ApiError} with the server's
 * problem JSON.
 */
public final class ShopClient {
    public static final ObjectMapper JSON = new ObjectMapper();

    /** A non-2xx answer. */
    public static final class ApiError extends RuntimeException {
        private final int status;

        ApiError(String method, String path, int status, String body) {
            super(method + " " + path + " -> " + status + ": " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final HttpClient http;
    private final String base;
    private final String shopId;
    private final String publishableKey;
    private final String secretKey;

    public ShopClient(HttpClient http, String base, String shopId, String publishableKey, String secretKey) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(base, "base");
        this.shopId = Objects.requireNonNull(shopId, "shopId");
        this.publishableKey = Objects.requireNonNull(publishableKey, "publishableKey");
        this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
    }

    /** Creates a shop with the operator key ({@code POST /v1/shops}) and returns its client. */
    public static ShopClient createShop(HttpClient http, String base, String operatorKey, String id, String name) {
        ObjectNode body = JSON.createObjectNode().put("id", id).put("name", name);
        JsonNode r = send(http, base, "POST", "/v1/shops", operatorKey, body);
        return new ShopClient(http, base, id, r.get("publishableKey").asText(), r.get("secretKey").asText());
    }

    public String shopId() {
        return shopId;
    }

    /** Upserts items in all-or-nothing batches of at most 10,000. */
    public void upsertItems(List<ObjectNode> items) {
        for (int from = 0; from < items.size(); from += 10_000) {
            ArrayNode batch = JSON.createArrayNode();
            batch.addAll(items.subList(from, Math.min(items.size(), from + 10_000)));
            secret("POST", "/v1/items", batch);
        }
    }

    /** Sends events (any number; batches of at most 1,000); returns how many were accepted. */
    public int sendEvents(List<ObjectNode> events) {
        int accepted = 0;
        for (int from = 0; from < events.size(); from += 1000) {
            ArrayNode batch = JSON.createArrayNode();
            batch.addAll(events.subList(from, Math.min(events.size(), from + 1000)));
            accepted += send(http, base, "POST", "/v1/events", publishableKey, batch).path("accepted").asInt();
        }
        return accepted;
    }

    /** {@code GET /v1/recommendations} with the given query parameters. */
    public JsonNode recommend(Map<String, String> query) {
        StringBuilder q = new StringBuilder("/v1/recommendations?");
        query.forEach((k, v) -> q.append(q.charAt(q.length() - 1) == '?' ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return send(http, base, "GET", q.toString(), publishableKey, null);
    }

    public JsonNode train() {
        return secret("POST", "/v1/train", null);
    }

    public JsonNode patchShop(ObjectNode settings) {
        return secret("PATCH", "/v1/shops/" + shopId, settings);
    }

    /** Any secret-key route. */
    public JsonNode secret(String method, String path, JsonNode body) {
        return send(http, base, method, path, secretKey, body);
    }

    /** One page of {@code GET /v1/events/export}: the events and the offset to continue from. */
    public record ExportPage(List<JsonNode> events, long nextFrom) {
    }

    public ExportPage export(long from, int limit) {
        String path = "/v1/events/export?from=" + from + "&limit=" + limit;
        HttpResponse<String> r = raw(http, base, "GET", path, secretKey, null);
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : r.body().split("\n")) {
                if (!line.isBlank()) {
                    out.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long next = Long.parseLong(r.headers().firstValue("X-Next-From").orElse(Long.toString(from)));
        return new ExportPage(out, next);
    }

    /** The whole event log of the shop, in offset order. */
    public List<JsonNode> exportAll() {
        List<JsonNode> all = new ArrayList<>();
        long from = 0;
        while (true) {
            ExportPage p = export(from, 100_000);
            all.addAll(p.events());
            if (p.events().isEmpty() || p.nextFrom() == from) {
                return all;
            }
            from = p.nextFrom();
        }
    }

    /** The whole catalog ({@code GET /v1/items}, all pages). */
    public List<JsonNode> items() {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = secret("GET",
                    "/v1/items?limit=1000"
                            + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    null);
            page.path("items").forEach(all::add);
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null && !cursor.isEmpty());
        return all;
    }

    static JsonNode send(HttpClient http, String base, String method, String path, String key, JsonNode body) {
        HttpResponse<String> r = raw(http, base, method, path, key, body);
        try {
            return r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON from " + method + " " + path + ": " + r.body(), e);
        }
    }

    private static HttpResponse<String> raw(HttpClient http, String base, String method, String path, String key,
            JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + key);
        try {
            if (body != null) {
                b.header("Content-Type", "application/json");
                b.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new ApiError(method, path, r.statusCode(), r.body());
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }
}
