package org.shoptide.elt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP JSON API read page by page ({@link SourceSpec.HttpOptions}). Each response's records are written as one
 * JSON-lines page exactly as received (one compact object per line).
 * <p>
 * The cursor is a JSON object {@code {"next": URL or null, "since": timestamp or null}}: {@code next} is the request
 * that continues the read (within a load, or between loads for cursor paging, where the API's last token is where the
 * next load starts); {@code since} is the greatest {@code sinceField} value landed (incremental by timestamp: the next
 * load starts at the first URL with {@code sinceParam=since}). A load ends at a page with no records or no next link.
 */
public final class HttpJsonConnector implements SourceConnector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

    private final SourceSpec.HttpOptions options;
    private final HttpFetcher fetcher;
    private final Path scratch;

    public HttpJsonConnector(SourceSpec.HttpOptions options, HttpFetcher fetcher, Path scratch) {
        this.options = Objects.requireNonNull(options, "options");
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.scratch = Objects.requireNonNull(scratch, "scratch");
    }

    @Override
    public void read(Optional<String> cursor, PageSink sink) throws IOException, InterruptedException {
        String since = null;
        String next = null;
        if (cursor.isPresent()) {
            JsonNode c = JSON.readTree(cursor.get());
            since = c.path("since").isTextual() ? c.get("since").asText() : null;
            next = c.path("next").isTextual() ? c.get("next").asText() : null;
        }
        URI uri = next != null ? URI.create(next) : first(since);
        int page = 1;
        if (options.paging().equals("page")) {
            page = pageOf(uri);
        }
        Files.createDirectories(scratch);
        while (uri != null) {
            HttpResponse<String> r = fetcher.get(uri);
            JsonNode body = JSON.readTree(r.body());
            JsonNode items = options.items().isEmpty() ? body : body.path(options.items());
            if (!items.isArray()) {
                throw new IOException(
                        "response of " + HttpFetcher.redact(uri) + " has no '" + options.items() + "' array");
            }
            String maxSince = since;
            Path file = Files.createTempFile(scratch, "page-", ".jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (JsonNode item : items) {
                    if (!item.isObject()) {
                        throw new IOException("records of " + HttpFetcher.redact(uri) + " must be JSON objects");
                    }
                    w.write(JSON.writeValueAsString(item));
                    w.write('\n');
                    if (options.sinceField().isPresent()) {
                        JsonNode ts = item.get(options.sinceField().get());
                        // ISO-8601 timestamps in one format compare as text
                        if (ts != null && ts.isTextual() && (maxSince == null || ts.asText().compareTo(maxSince) > 0)) {
                            maxSince = ts.asText();
                        }
                    }
                }
            }
            URI following = items.isEmpty() ? null : following(uri, r, body, page);
            String keep = following != null ? following.toString() : null;
            if (following == null && options.paging().equals("cursor")) {
                // the API's last token is where the next load continues
                keep = tokenUri(uri, body).map(URI::toString).orElse(null);
            }
            since = maxSince;
            ObjectNode c = JSON.createObjectNode();
            c.put("next", keep);
            c.put("since", since);
            if (items.isEmpty()) {
                Files.delete(file);
                if (keep != null || since != null) {
                    // an empty page still moves the cursor (e.g. a fresh token)
                    Path empty = Files.createTempFile(scratch, "page-", ".jsonl");
                    sink.accept(new RawPage(empty, RawFormat.JSONL, JSON.writeValueAsString(c), true));
                }
                return;
            }
            sink.accept(new RawPage(file, RawFormat.JSONL, JSON.writeValueAsString(c), true));
            uri = following;
            page++;
        }
    }

    private URI first(String since) {
        URI base = URI.create(options.url());
        if (since != null && options.sinceParam().isPresent()) {
            return withParam(base, options.sinceParam().get(), since);
        }
        return base;
    }

    private URI following(URI current, HttpResponse<String> r, JsonNode body, int page) {
        return switch (options.paging()) {
            case "next_link" -> {
                JsonNode n = body.path(options.nextField());
                if (n.isTextual() && !n.asText().isEmpty()) {
                    yield current.resolve(n.asText());
                }
                Optional<String> link = r.headers().firstValue("Link");
                if (link.isPresent()) {
                    Matcher m = LINK_NEXT.matcher(link.get());
                    if (m.find()) {
                        yield current.resolve(m.group(1));
                    }
                }
                yield null;
            }
            case "cursor" -> {
                JsonNode n = body.path(options.nextField());
                yield n.isTextual() && !n.asText().isEmpty() ? withParam(current, options.pageParam(), n.asText())
                        : null;
            }
            default -> withParam(current, options.pageParam(), Integer.toString(page + 1));
        };
    }

    private Optional<URI> tokenUri(URI current, JsonNode body) {
        JsonNode n = body.path(options.nextField());
        return n.isTextual() && !n.asText().isEmpty() ? Optional.of(withParam(current, options.pageParam(), n.asText()))
                : Optional.of(current);
    }

    private int pageOf(URI uri) {
        String q = uri.getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (kv.startsWith(options.pageParam() + "=")) {
                    try {
                        return Integer.parseInt(kv.substring(options.pageParam().length() + 1));
                    } catch (NumberFormatException e) {
                        return 1;
                    }
                }
            }
        }
        return 1;
    }

    /** {@code uri} with query parameter {@code name} set to {@code value} (replacing an existing one). */
    static URI withParam(URI uri, String name, String value) {
        String enc = URLEncoder.encode(value, StandardCharsets.UTF_8);
        String q = uri.getRawQuery();
        StringBuilder out = new StringBuilder();
        if (q != null) {
            for (String kv : q.split("&")) {
                if (!kv.isEmpty() && !kv.startsWith(name + "=")) {
                    out.append(out.isEmpty() ? "" : "&").append(kv);
                }
            }
        }
        out.append(out.isEmpty() ? "" : "&").append(name).append('=').append(enc);
        String s = uri.toString();
        int cut = s.indexOf('?');
        return URI.create((cut < 0 ? s : s.substring(0, cut)) + "?" + out);
    }
}
