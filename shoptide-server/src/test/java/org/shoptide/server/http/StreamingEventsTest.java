package org.shoptide.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.engine.api.Violation;

/**
 * Differential test of the streaming event reader against the tree reader it replaces: on random bodies (valid events
 * of every type, fields of the wrong JSON type, repeated fields, unknown fields, wrappers) and hostile ones (truncated,
 * trailing tokens, deep nesting, flipped bytes), both give the same events, the same violations in the same order, the
 * same client field names, or the same JSON error.
 */
class StreamingEventsTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final String[] FIELDS = { "type", "customType", "userId", "anonymousId", "timestamp", "value",
            "rating", "itemId", "lineItems", "orderId", "query", "shown", "items", "context", "properties", "eventId",
            "sessionId", "offset", "events", "extra" };
    private static final String[] TYPES = { "view", "click", "add_to_cart", "remove_from_cart", "purchase", "refund",
            "impression", "search", "rate", "like", "dislike", "custom", "my_type", "Bad Type", "" };

    @Test
    void randomBodiesReadAlikeStreamedAndAsTrees() {
        long seed = 20261207L;
        Random r = new Random(seed);
        for (int i = 0; i < 5_000; i++) {
            String body = body(r);
            assertSame(body, "seed " + seed + ", body " + i);
        }
    }

    @Test
    void hostileBodiesReadAlikeStreamedAndAsTrees() {
        Random r = new Random(7);
        List<String> bodies = new ArrayList<>(List.of(" ", "\n\t", "5", "\"x\"", "null", "true", "[]", "{}",
                "[1,[2],{}]", "{\"events\":null}", "{\"events\":{}}", "{\"events\":[]}",
                "{\"events\":[1],\"events\":[{}]}", "{\"events\":[{}],\"events\":3}", "{} {}", "[] x",
                "{\"type\":\"view\"} 3", "{\"type\":", "[{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"},]",
                "{\"type\":\"view\",\"userId\":\"\\ud800\"}",
                "{\"value\":1e400,\"type\":\"rate\",\"userId\":\"u\",\"itemId\":\"i\"}",
                "{\"value\":123456789012345678901234567890,\"type\":\"rate\",\"userId\":\"u\",\"itemId\":\"i\"}",
                "{\"userId\":-0,\"type\":-0,\"itemId\":1.0}",
                "{\"type\":\"view\",\"userId\":\"u\",\"itemId\":\"i\"}\u0000",
                "[" + "[".repeat(1200) + "]".repeat(1200) + "]",
                "{\"extra\":" + "[".repeat(1200) + "]".repeat(1200) + "}", "{\"extra\":" + "1".repeat(2000) + "}",
                "{\"x\":\"" + "a".repeat(5000) + "\"}"));
        for (int i = 0; i < 1000; i++) {
            String b = body(r);
            bodies.add(b.substring(0, r.nextInt(b.length() + 1))); // truncated
            char[] c = b.toCharArray();
            String flips = "{}[],:\"\\ 0e-.tx";
            c[r.nextInt(c.length)] = flips.charAt(r.nextInt(flips.length())); // one flipped char
            bodies.add(new String(c));
        }
        for (int i = 0; i < bodies.size(); i++) {
            assertSame(bodies.get(i), "hostile body " + i);
        }
    }

    /** Both readings of one body, mapped through {@link Parsers#event}, give the same result. */
    private static void assertSame(String body, String what) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String expected = outcome(tree(bytes));
        String actual = outcome(streamed(bytes));
        assertThat(actual).as(what + ": " + body.substring(0, Math.min(200, body.length()))).isEqualTo(expected);
    }

    private static Object tree(byte[] bytes) {
        try {
            return StreamingEvents.fromTree(Json.MAPPER.readTree(bytes));
        } catch (JsonProcessingException e) {
            return "malformed: " + e.getOriginalMessage() + " at " + e.getLocation();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    /** As {@code RequestBody.events}: streamed, and on a JSON error the tree reader's error. */
    private static Object streamed(byte[] bytes) {
        try {
            return StreamingEvents.read(bytes);
        } catch (IOException e) {
            return tree(bytes);
        }
    }

    private static String outcome(Object read) {
        if (!(read instanceof StreamingEvents.Batch b)) {
            return (String) read;
        }
        StringBuilder out = new StringBuilder(b.eventsNotAnArray() ? "events not an array\n" : "");
        for (int i = 0; i < b.events().size(); i++) {
            EventFields f = b.events().get(i);
            List<Violation> v = new ArrayList<>();
            Optional<Event> e = Parsers.event(f, NOW, new FieldErrors(i, v));
            out.append(e).append(' ').append(v).append(' ').append(new java.util.TreeSet<>(f.names())).append('\n');
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- random bodies

    private static String body(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> event(r);
            case 1 -> array(r);
            case 2 -> "{\"events\":" + array(r) + (r.nextInt(4) == 0 ? ",\"type\":\"view\"" : "") + "}";
            default -> "  " + array(r) + "\n";
        };
    }

    private static String array(Random r) {
        StringBuilder b = new StringBuilder("[");
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append(r.nextInt(12) == 0 ? value(r, 1) : event(r));
        }
        return b.append(']').toString();
    }

    private static String event(Random r) {
        StringBuilder b = new StringBuilder("{");
        List<String> parts = new ArrayList<>();
        parts.add("\"type\":" + (r.nextInt(8) == 0 ? value(r, 1) : quote(TYPES[r.nextInt(TYPES.length)])));
        if (r.nextInt(3) > 0) {
            parts.add("\"userId\":" + (r.nextInt(6) == 0 ? value(r, 1) : quote("u" + r.nextInt(100))));
        }
        if (r.nextInt(3) == 0) {
            parts.add("\"anonymousId\":" + (r.nextInt(6) == 0 ? value(r, 1) : quote("a" + r.nextInt(100))));
        }
        if (r.nextInt(4) > 0) {
            parts.add("\"itemId\":" + (r.nextInt(6) == 0 ? value(r, 1) : quote("i" + r.nextInt(100))));
        }
        int extra = r.nextInt(5);
        for (int i = 0; i < extra; i++) {
            String f = FIELDS[r.nextInt(FIELDS.length)];
            parts.add(quote(f) + ":" + fieldValue(f, r));
        }
        java.util.Collections.shuffle(parts, r);
        return b.append(String.join(",", parts)).append('}').toString();
    }

    private static String fieldValue(String f, Random r) {
        if (r.nextInt(4) == 0) {
            return value(r, 2);
        }
        return switch (f) {
            case "timestamp" -> quote(r.nextBoolean() ? "2026-12-07T11:59:00Z" : "2026-12-07 11:59");
            case "value", "rating" -> r.nextBoolean() ? Integer.toString(r.nextInt(7) - 1) : quote("4.5");
            case "lineItems" -> "[{\"itemId\":\"i1\",\"price\":" + (r.nextInt(5) - 1) + ",\"quantity\":"
                    + (r.nextBoolean() ? "2" : "1.5") + ",\"currency\":" + quote(r.nextBoolean() ? "EUR" : "eur") + "}"
                    + (r.nextBoolean() ? ",{}" : "") + "]";
            case "shown", "items" -> "[\"i1\",{\"itemId\":\"i2\",\"position\":3},{\"position\":1},4]";
            case "context" -> "{\"page\":\"home\",\"scenario\":\"user\",\"recommendationId\":"
                    + (r.nextBoolean() ? "\"rec-1\"" : "7") + "}";
            case "properties" -> "{\"a\":\"b\",\"n\":1,\"o\":{\"x\":[1]},\"z\":null}";
            default -> quote(f + r.nextInt(10));
        };
    }

    private static String value(Random r, int depth) {
        int k = r.nextInt(depth > 0 ? 14 : 11);
        return switch (k) {
            case 0 -> "null";
            case 1 -> "true";
            case 2 -> "false";
            case 3 -> Integer.toString(r.nextInt(2001) - 1000);
            case 4 -> Long.toString(r.nextLong());
            case 5 -> "12345678901234567890123";
            case 6 -> r.nextInt(100) + "." + r.nextInt(100) + (r.nextBoolean() ? "e" + (r.nextInt(800) - 400) : "");
            case 7 -> "\"\"";
            case 8 -> "\"  \"";
            case 9 -> "\"\\u00e9\\t\\ud83d\\ude00 x\"";
            case 10 -> "-0";
            case 11 -> "[" + value(r, depth - 1) + "," + value(r, depth - 1) + "]";
            case 12 -> "{\"k\":" + value(r, depth - 1) + "}";
            default -> "{}";
        };
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
