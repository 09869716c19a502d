package org.shoptide.elt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a shop's {@code sources.json}: {@code {"sources": [ {...}, ... ]}}; every key is documented in {@code
 * docs/CUSTOMER360.md}. Unknown keys and invalid values fail with a message naming the source and key; all problems are
 * reported together.
 */
public final class SourceSpecs {
    private static final Set<String> TOP = Set.of("name", "kind", "consent", "pii", "format", "location", "http",
            "secret", "description");
    private static final Set<String> HTTP = Set.of("url", "items", "paging", "nextField", "pageParam", "since", "auth",
            "requestsPerSecond", "maxAttempts", "backoffMillis", "maxBackoffMillis");

    private SourceSpecs() {
    }

    public static List<SourceSpec> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(file));
        return parse(root);
    }

    public static List<SourceSpec> parse(JsonNode root) {
        List<String> errors = new ArrayList<>();
        List<SourceSpec> out = new ArrayList<>();
        JsonNode list = root == null ? null : root.get("sources");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("sources.json must be an object with a 'sources' array");
        }
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode n : list) {
            String where = "sources[" + i++ + "]";
            try {
                SourceSpec s = one(n);
                if (!names.add(s.name())) {
                    errors.add(where + ": duplicate source name '" + s.name() + "'");
                }
                out.add(s);
            } catch (IllegalArgumentException e) {
                errors.add(where + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid sources.json: " + String.join("; ", errors));
        }
        return out;
    }

    private static SourceSpec one(JsonNode n) {
        unknown(n, TOP, "");
        String name = text(n, "name").orElseThrow(() -> new IllegalArgumentException("'name' is required"));
        String kind = text(n, "kind").orElseThrow(() -> new IllegalArgumentException("'kind' is required"));
        JsonNode consent = n.get("consent");
        if (consent == null || !consent.isBoolean()) {
            throw new IllegalArgumentException("'consent' (true or false) is required");
        }
        Map<String, PiiKind> pii = new LinkedHashMap<>();
        JsonNode p = n.get("pii");
        if (p != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = p.properties().iterator(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                pii.put(e.getKey(), PiiKind.parse(e.getValue().asText()));
            }
        }
        RawFormat format = RawFormat.JSONL;
        Optional<String> location = Optional.empty();
        Optional<SourceSpec.HttpOptions> http = Optional.empty();
        Optional<String> secret = Optional.empty();
        switch (kind) {
            case "file" -> {
                format = RawFormat.parse(text(n, "format")
                        .orElseThrow(() -> new IllegalArgumentException("'format' is required for a file source")));
                location = Optional.of(text(n, "location")
                        .orElseThrow(() -> new IllegalArgumentException("'location' is required for a file source")));
            }
            case "http" -> http = Optional.of(http(n.get("http")));
            case "webhook" -> secret = Optional.of(text(n, "secret").orElseThrow(
                    () -> new IllegalArgumentException("'secret' (env:NAME) is required for a webhook source")));
            default -> throw new IllegalArgumentException("'kind' must be file, http or webhook, got '" + kind + "'");
        }
        return new SourceSpec(name, kind, consent.booleanValue(), pii, format, location, http, secret);
    }

    private static SourceSpec.HttpOptions http(JsonNode h) {
        if (h == null || !h.isObject()) {
            throw new IllegalArgumentException("'http' object is required for an http source");
        }
        unknown(h, HTTP, "http.");
        JsonNode since = h.get("since");
        JsonNode auth = h.get("auth");
        return new SourceSpec.HttpOptions(
                text(h, "url").orElseThrow(() -> new IllegalArgumentException("'http.url' is required")),
                text(h, "items").orElse("items"), text(h, "paging").orElse("next_link"),
                text(h, "nextField").orElse("next"), text(h, "pageParam").orElse("page"),
                since == null ? Optional.empty() : text(since, "param"),
                since == null ? Optional.empty() : text(since, "field"),
                auth == null ? Optional.empty() : text(auth, "header"),
                auth == null ? "" : text(auth, "prefix").orElse(""),
                auth == null ? Optional.empty() : text(auth, "secret"), h.path("requestsPerSecond").asDouble(5),
                h.path("maxAttempts").asInt(5), h.path("backoffMillis").asLong(200),
                h.path("maxBackoffMillis").asLong(30_000));
    }

    private static void unknown(JsonNode n, Set<String> known, String prefix) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!known.contains(f)) {
                throw new IllegalArgumentException("unknown key '" + prefix + f + "'");
            }
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
