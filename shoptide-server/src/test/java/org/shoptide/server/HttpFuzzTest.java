package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.shoptide.server.http.Json;

/**
 * A seeded fuzz of every operation in {@code /openapi.json} (read at test time): malformed bodies (deep nesting, wrong
 * types, huge strings, invalid UTF-8, lone surrogates, numbers for ids, truncation), path parameters (bad escapes,
 * {@code %00}, dot segments, very long), query strings, headers (two keys, huge, duplicated), content types and
 * encodings, sent over raw sockets so that nothing is cleaned up on the way. Every answer must be below 500, every 4xx
 * problem JSON, and a rejected request must leave every shop's stored data as it was. Replay a failure (or try another
 * seed) with {@code -DargLine="-Xss2m -Dshoptide.fuzz.seed=<seed>"}.
 */
class HttpFuzzTest {
    static final long SEED = Long.getLong("shoptide.fuzz.seed", 20261207L);
    static final int PER_OPERATION = 125;
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "options");
    static final List<String> FIELDS = List.of("id", "eventId", "type", "userId", "anonymousId", "itemId", "sessionId",
            "orderId", "timestamp", "value", "rating", "lineItems", "shown", "items", "events", "context", "properties",
            "title", "price", "currency", "category", "categoryPath", "attributes", "tags", "inStock", "traits", "name",
            "rules", "variants", "weight", "scenario", "customEventWeights", "trainingTime", "explorationRate",
            "attributionWindowMinutes", "trackingConsentRequired", "recommendationId", "query", "quantity");
    static final List<String> BAD_SEGMENTS = List.of("%u0041", "%", "%zz", "%0", "%00", "%C3%28", "%E2%82", "%ED%A0%80",
            "%FF", "..;", "..", "%2e%2e", "a%2Fb", "%2F", ";x=1", "%20", "+", "%C3%A9", "a".repeat(9_000), "%25",
            "x%0D%0AX-Injected:%201", "%F0%9F%98%80", "%5C..%5C", "\u00e9");
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "text/plain", "application/xml", "", "application/json;charset=utf-16", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*", "application/problem+json");

    final Random random = new Random(SEED);
    TestServer server;
    InMemoryEngine memory;
    /** Current keys: publishable and secret of shop fuzz-a, secret of shop fuzz-b. */
    String pk;
    String sk;
    String skB;

    record Op(String method, String path, boolean body) {
    }

    @Test
    void malformedRequestsOverEveryOperationNeverGet5xxAndChangeNothingWhenRejected() throws Exception {
        System.out.println("HttpFuzzTest seed " + SEED + " (replay with -Dshoptide.fuzz.seed=" + SEED + ")");
        try (TestServer s = new TestServer(200_000)) {
            server = s;
            memory = s.memory;
            seed();
            List<Op> ops = operations();
            assertThat(ops).hasSizeGreaterThan(30);
            int sent = 0;
            int rejected = 0;
            List<String> failures = new ArrayList<>();
            Object before = memory.snapshot();
            for (int round = 0; round < PER_OPERATION; round++) {
                for (Op op : ops) {
                    String[] request = new String[1];
                    RawHttp.Answer a = send(op, request);
                    sent++;
                    String what = "seed " + SEED + " request " + sent + ": " + abbreviate(request[0]) + " -> "
                            + a.status() + " " + abbreviate(a.body());
                    if (a.status() >= 500) {
                        failures.add("5xx: " + what);
                    } else if (a.status() >= 400) {
                        rejected++;
                        String problem = problem(a);
                        if (problem != null) {
                            failures.add(problem + ": " + what);
                        }
                        Object after = memory.snapshot();
                        if (!after.equals(before)) {
                            failures.add("stored data changed by a rejected request: " + what);
                            before = after;
                        }
                    } else {
                        learnKeys(op, a);
                        before = memory.snapshot();
                    }
                }
            }
            System.out.println("HttpFuzzTest: " + sent + " requests, " + rejected + " rejected");
            assertThat(failures).as(failures.size() + " failures").isEmpty();
            assertThat(sent).isGreaterThanOrEqualTo(5_000);
            assertThat(rejected).isGreaterThan(sent / 2);
        }
    }

    /** Two shops with a catalog, a user, events and a rule set, so that handlers have something to change. */
    void seed() {
        String[] a = server.createShop("fuzz-a");
        String[] b = server.createShop("fuzz-b");
        pk = a[0];
        sk = a[1];
        skB = b[1];
        ok(server.post("/v1/items", sk, "[{\"id\":\"item-1\",\"title\":\"Mug\",\"price\":4.5,\"currency\":\"EUR\","
                + "\"category\":\"Home > Kitchen\"},{\"id\":\"item-2\",\"title\":\"Cup\"}]"));
        ok(server.put("/v1/users/user-1", sk, "{\"traits\":{\"country\":\"NL\"}}"));
        ok(server.post("/v1/events", pk, "[{\"eventId\":\"s1\",\"type\":\"view\",\"userId\":\"user-1\","
                + "\"itemId\":\"item-1\"},{\"eventId\":\"s2\",\"type\":\"view\",\"userId\":\"user-2\",\"itemId\":\"item-2\"}]"));
        ok(server.put("/v1/rules", sk, "{\"rules\":[]}"));
        ok(server.post("/v1/items", skB, "[{\"id\":\"b-1\",\"title\":\"Pen\"}]"));
    }

    static void ok(TestServer.Response r) {
        assertThat(r.status()).as(r.text()).isBetween(200, 299);
    }

    List<Op> operations() {
        JsonNode spec = server.get("/openapi.json", null).json();
        List<Op> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : spec.get("paths").properties()) {
            for (Iterator<Map.Entry<String, JsonNode>> m = path.getValue().properties().iterator(); m.hasNext();) {
                Map.Entry<String, JsonNode> method = m.next();
                if (METHODS.contains(method.getKey())) {
                    ops.add(new Op(method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                            method.getValue().has("requestBody")));
                }
            }
        }
        return ops;
    }

    /** A rotated key replaces ours, so that later requests still pass authentication. */
    void learnKeys(Op op, RawHttp.Answer a) throws Exception {
        if (!op.path().endsWith("/rotate") || !a.contentType().startsWith("application/json")) {
            return;
        }
        JsonNode r = Json.MAPPER.readTree(a.body());
        String key = r.path("key").asText();
        switch (r.path("shop").asText() + "/" + r.path("kind").asText()) {
            case "fuzz-a/publishable" -> pk = key;
            case "fuzz-a/secret" -> sk = key;
            case "fuzz-b/secret" -> skB = key;
            default -> {
                // fuzz-b's publishable key is not used
            }
        }
    }

    /** Why {@code a} is not RFC 9457 problem JSON of its status, or null when it is. */
    static String problem(RawHttp.Answer a) {
        if (!a.contentType().startsWith("application/problem+json")) {
            return "not problem JSON (" + a.contentType() + ")";
        }
        JsonNode p;
        try {
            p = Json.MAPPER.readTree(a.body());
        } catch (Exception e) {
            return "unparsable problem";
        }
        boolean ok = p.path("status").asInt() == a.status()
                && p.path("type").asText().startsWith("https://shoptide.org/problems/")
                && !p.path("title").asText().isBlank() && !p.path("detail").asText().isBlank() && p.has("instance");
        return ok ? null : "incomplete problem";
    }

    // ---------------------------------------------------------------- generation

    RawHttp.Answer send(Op op, String[] described) {
        String path = path(op.path());
        String query = random.nextInt(3) == 0 ? query() : "";
        StringBuilder head = new StringBuilder();
        String method = random.nextInt(40) == 0 ? pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH")) : op.method();
        head.append(method).append(' ').append(path).append(query).append(" HTTP/1.1\r\n");
        key(op, head);
        if (random.nextInt(12) == 0) {
            head.append(pick(List.of("X-Big: " + "b".repeat(20_000), "Accept: " + "x".repeat(300),
                    "Content-Encoding: gzip", "Content-Encoding: br", "Transfer-Encoding: chunked",
                    "Origin: https://evil.example", "Accept-Charset: utf-16", "X-Forwarded-For: \u00ff",
                    "If-None-Match: *", "Range: bytes=0-1"))).append("\r\n");
        }
        byte[] body = null;
        if (op.body() || random.nextInt(10) == 0) {
            body = body(op.path());
            String ct = random.nextInt(5) == 0 ? pick(CONTENT_TYPES) : "application/json";
            if (!ct.isEmpty()) {
                head.append("Content-Type: ").append(ct).append("\r\n");
            }
        }
        described[0] = head + (body == null ? "" : new String(body, StandardCharsets.ISO_8859_1));
        return RawHttp.send(server.port, head.toString(), body);
    }

    /** A template with each parameter valid or mutated. */
    String path(String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            int close = template.indexOf('}', open);
            String name = template.substring(open + 1, close);
            out.append(random.nextInt(3) == 0 ? pick(BAD_SEGMENTS) : validParam(template, name));
            i = close + 1;
        }
        String p = out.toString();
        return random.nextInt(30) == 0 ? p + pick(List.of("/", "//", "/..", "/%2e", "/.", ";a=b")) : p;
    }

    String validParam(String template, String name) {
        return switch (name) {
            case "shop" -> pick(List.of("fuzz-a", "demo", "nope"));
            case "id" -> template.startsWith("/v1/shops") ? pick(List.of("fuzz-a", "fuzz-b", "nope"))
                    : template.startsWith("/v1/users") ? pick(List.of("user-1", "user-2", "user-x"))
                            : template.startsWith("/v1/experiments") ? pick(List.of("exp-1", "nope"))
                                    : pick(List.of("item-1", "item-2", "item-x"));
            case "kind" -> pick(List.of("publishable", "secret", "pk", "other"));
            case "n" -> pick(List.of("1", "2", "0", "-1", "99999999999"));
            case "file" -> pick(List.of("storefront.js", "storefront.css", "tracker.js", "nope"));
            case "name" -> pick(List.of("Home", "Kitchen"));
            default -> "r-" + random.nextInt(10);
        };
    }

    String query() {
        List<String> parts = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            parts.add(pick(List.of("n=abc", "n=-1", "n=101", "n=5", "limit=0", "limit=99999999999999999999",
                    "limit=%zz", "from=-5", "from=9223372036854775807", "cursor=%00", "cursor=zzz", "scenario=%00",
                    "scenario=item", "scenario=cart", "scenario=nope", "minPrice=NaN", "maxPrice=1e309",
                    "inStock=maybe", "excludePurchased=no", "page=0", "page=%", "itemIds=" + "a,".repeat(3000),
                    "userId=" + "u".repeat(5_000), "key=garbage", "key=" + pk, "x=" + "y".repeat(9_000), "%=%",
                    "userId=%ED%A0%80", "itemId=item-1", "anonymousId=a%00b", "userId=user-1&userId=user-2")));
        }
        return "?" + String.join("&", parts);
    }

    void key(Op op, StringBuilder head) {
        String right = op.path().equals("/v1/shops") ? TestServer.OPERATOR_KEY
                : op.path().startsWith("/v1/shops/") ? pick(List.of(TestServer.OPERATOR_KEY, sk))
                        : (op.path().equals("/v1/events") && op.method().equals("POST"))
                                || op.path().equals("/v1/recommendations") ? pk
                                        : op.path().startsWith("/v1/") ? sk : null;
        int r = random.nextInt(20);
        if (r < 13) {
            if (right != null) {
                head.append("Authorization: Bearer ").append(right).append("\r\n");
            }
        } else if (r < 14) {
            head.append("Authorization: Bearer ").append(sk).append("\r\nX-Api-Key: ").append(skB).append("\r\n");
        } else if (r < 15) {
            head.append("Authorization: Bearer ").append(pk).append("\r\nAuthorization: Bearer ").append(sk)
                    .append("\r\n");
        } else if (r < 16) {
            head.append("X-Api-Key: ").append(right == null ? sk : right).append("\r\n");
        } else if (r < 17) {
            head.append("Authorization: ").append(pick(
                    List.of("Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer \u00ff", "Bearer " + "k".repeat(4_000))))
                    .append("\r\n");
        } else if (r < 18) {
            head.append("Authorization: Bearer ").append(skB).append("\r\n");
        } else if (r < 19) {
            head.append("Authorization: Bearer ").append(pk).append("\r\n");
        }
        // else: no key
    }

    /** A body: a mutated plausible document, or one of the hostile shapes. */
    byte[] body(String path) {
        int r = random.nextInt(16);
        return switch (r) {
            case 0 -> utf8(deep(1_000 + random.nextInt(1_500)));
            case 1 -> utf8("{\"x\":\"" + "h".repeat(50_000 + random.nextInt(200_000)) + "\"}");
            case 2 -> invalidUtf8(utf8(plausible(path)));
            case 3 -> utf8(plausible(path).replaceFirst("\"([^\"]*)\"", "\"$1\\\\ud800\""));
            case 4 -> truncate(utf8(plausible(path)));
            case 5 -> new byte[0];
            case 6 -> utf8(pick(List.of("null", "0", "-0", "[]", "{}", "\"x\"", "true", "[null]", "[[]]",
                    "{\"events\":{}}", "{\"items\":\"x\"}", "{\"rules\":null}", "1e999999", "{\"a\":1}{\"b\":2}", "NaN",
                    "'x'", "{\"a\":1,}", "\u0000", "\ufeff{}")));
            case 7 -> utf8(plausible(path).replaceAll("\"(eventId|userId|itemId|id|anonymousId)\":\"[^\"]*\"",
                    "\"$1\":" + pick(List.of("0", "-0", "1e3", "true", "[]", "{}", "null", "12345678901234567890"))));
            default -> utf8(random.nextBoolean() ? plausible(path) : randomJson(3).toString());
        };
    }

    String plausible(String path) {
        String event = "{\"eventId\":\"f" + random.nextInt(1_000_000) + "\",\"type\":\""
                + pick(List.of("view", "click", "purchase", "impression", "custom", "rate", "search", "wishlist"))
                + "\",\"userId\":\"user-" + random.nextInt(3) + "\",\"itemId\":\"item-" + random.nextInt(3)
                + "\",\"value\":" + pick(List.of("3", "\"x\"", "99", "-1")) + ",\"lineItems\":[{\"itemId\":\"item-1\","
                + "\"price\":" + pick(List.of("1.5", "-1", "\"p\"")) + ",\"currency\":\"EUR\"}],\"orderId\":\"o1\"}";
        return switch (path) {
            case "/v1/events" ->
                    random.nextBoolean() ? "[" + event + "," + event + "]" : "{\"events\":[" + event + "]}";
            case "/v1/items", "/v1/items/{id}" -> "[{\"id\":\"item-" + random.nextInt(4) + "\",\"title\":"
                    + pick(List.of("\"T\"", "7", "null", "[]")) + ",\"price\":" + pick(List.of("2", "\"x\"", "-3"))
                    + ",\"tags\":[" + pick(List.of("\"a\"", "1", "{}")) + "]}]";
            case "/v1/users/{id}" ->
                    "{\"traits\":" + pick(List.of("{\"a\":\"b\"}", "[]", "\"x\"", "{\"a\":{\"b\":1}}")) + "}";
            case "/v1/users/{id}/alias" -> "{\"anonymousId\":" + pick(List.of("\"anon-1\"", "7", "\"\"", "[]")) + "}";
            case "/v1/rules" -> "{\"rules\":[{\"type\":" + pick(List.of("\"boost\"", "\"pin\"", "1", "\"nope\""))
                    + ",\"itemId\":\"item-1\",\"weight\":" + pick(List.of("2", "\"x\"", "1e308")) + "}]}";
            case "/v1/experiments" -> "{\"id\":\"exp-" + random.nextInt(3) + "\",\"name\":\"E\",\"scenario\":"
                    + pick(List.of("\"user\"", "\"nope\"", "3")) + ",\"variants\":[{\"name\":\"a\",\"weight\":"
                    + pick(List.of("1", "-1", "\"x\"")) + "}]}";
            case "/v1/shops" ->
                    "{\"id\":" + pick(List.of("\"new-" + random.nextInt(100) + "\"", "\"Bad Id\"", "5", "\"\""))
                            + ",\"name\":" + pick(List.of("\"N\"", "\"\"", "false")) + "}";
            case "/v1/shops/{id}" -> "{\""
                    + pick(List.of("name", "trainingTime", "explorationRate", "attributionWindowMinutes",
                            "trackingConsentRequired", "customEventWeights", "nope"))
                    + "\":"
                    + pick(List.of("\"25:99\"", "0.9", "-1", "true", "{\"a\":\"x\"}", "null", "\"N\"", "2147483648"))
                    + "}";
            default -> randomJson(2).toString();
        };
    }

    JsonNode randomJson(int depth) {
        var f = Json.MAPPER.getNodeFactory();
        int r = random.nextInt(depth <= 0 ? 6 : 8);
        return switch (r) {
            case 0 -> f.textNode(pick(List.of("", "x", "\ud800", "\u0000", "item-1", "a".repeat(300))));
            case 1 -> f.numberNode(pick(List.of(0L, -1L, Long.MAX_VALUE, 7L)));
            case 2 -> f.numberNode(pick(List.of(0.5, -0.0, 1e308, Double.MIN_VALUE)));
            case 3 -> f.booleanNode(random.nextBoolean());
            case 4 -> f.nullNode();
            case 5 -> f.textNode("2026-01-31T12:00:00Z");
            case 6 -> {
                var a = f.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(randomJson(depth - 1));
                }
                yield a;
            }
            default -> {
                var o = f.objectNode();
                for (int i = random.nextInt(6); i > 0; i--) {
                    o.set(pick(FIELDS), randomJson(depth - 1));
                }
                yield o;
            }
        };
    }

    String deep(int levels) {
        return random.nextBoolean() ? "[".repeat(levels) + "]".repeat(levels)
                : "{\"events\":" + "{\"a\":".repeat(levels) + "1" + "}".repeat(levels + 1);
    }

    byte[] invalidUtf8(byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        out.write(b, 0, at);
        byte[][] bad = { { (byte) 0xFF }, { (byte) 0xC3, 0x28 }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xC0, (byte) 0xAF } };
        out.writeBytes(bad[random.nextInt(bad.length)]);
        out.write(b, at, b.length - at);
        return out.toByteArray();
    }

    byte[] truncate(byte[] b) {
        int n = b.length <= 1 ? 0 : 1 + random.nextInt(b.length - 1);
        byte[] out = new byte[n];
        System.arraycopy(b, 0, out, 0, n);
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    static String abbreviate(String s) {
        return s.length() <= 600 ? s : s.substring(0, 600) + "... (" + s.length() + " chars)";
    }
}
