package org.shoptide.feeds;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A feed's {@link FeedOptions} as JSON: parsed strictly (unknown keys, wrong types and options the feed's kind does not
 * use are violations, all reported in one pass) and written canonically (the stored form; defaults omitted).
 */
public final class FeedOptionsJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("currency", "auth", "mapping", "itemsPath", "paging", "nextPath",
            "cursorPath", "cursorParam", "pageParam", "firstPage", "maxPages", "pages", "delimiter", "gone",
            "categorySeparator");
    private static final Set<String> FIELDS = Set.of("id", "title", "description", "price", "salePrice", "currency",
            "brand", "category", "imageUrl", "availability", "tags");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Pattern SECRET = Pattern.compile("env:[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern ATTRIBUTE = Pattern.compile("attributes\\.[A-Za-z0-9_.-]{1,64}");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "connection", "upgrade",
            "expect", "transfer-encoding", "te", "if-none-match", "if-modified-since", "user-agent");
    static final int MAX_LISTED_PAGES = 10_000;

    private FeedOptionsJson() {
    }

    /** Parses {@code node} (null or missing: all defaults), adding every problem to {@code v}. */
    public static FeedOptions parse(JsonNode node, FeedKind kind, List<FieldViolation> v) {
        FeedOptions d = FeedOptions.defaults();
        if (node == null || node.isNull() || node.isMissingNode()) {
            return d;
        }
        if (!node.isObject()) {
            v.add(new FieldViolation(-1, "options", "options must be a JSON object"));
            return d;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                v.add(new FieldViolation(-1, "options." + key,
                        "unknown option '" + key + "' (known: " + new TreeSet<>(KEYS) + ")"));
            }
        }
        String currency = text(node, "currency", v);
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            v.add(new FieldViolation(-1, "options.currency", "currency must be an ISO 4217 code like EUR"));
        }
        String authHeader = null;
        String authSecret = null;
        JsonNode auth = node.get("auth");
        if (auth != null && !auth.isNull()) {
            if (!auth.isObject()) {
                v.add(new FieldViolation(-1, "options.auth", "auth must be an object {header, secret}"));
            } else {
                authHeader = text(auth, "header", v, "options.auth.header");
                authSecret = text(auth, "secret", v, "options.auth.secret");
                if (authHeader == null || !TOKEN.matcher(authHeader).matches()
                        || FORBIDDEN_HEADERS.contains(authHeader.toLowerCase(Locale.ROOT))) {
                    v.add(new FieldViolation(-1, "options.auth.header",
                            "header must be a header name such as Authorization or X-Api-Key"));
                }
                if (authSecret == null || !SECRET.matcher(authSecret).matches()) {
                    v.add(new FieldViolation(-1, "options.auth.secret", "secret must reference an environment"
                            + " variable as env:NAME; the value itself is never stored"));
                }
            }
        }
        Map<String, String> mapping = new TreeMap<>();
        JsonNode m = node.get("mapping");
        if (m != null && !m.isNull()) {
            if (kind != FeedKind.JSON && kind != FeedKind.CSV) {
                v.add(new FieldViolation(-1, "options.mapping", "mapping applies to json and csv feeds only; "
                        + kind.wireName() + " feeds have a fixed mapping (docs/FEEDS.md)"));
            } else if (!m.isObject()) {
                v.add(new FieldViolation(-1, "options.mapping", "mapping must be an object of field to source"));
            } else {
                m.properties().forEach(e -> {
                    String field = e.getKey();
                    String path = "options.mapping." + field;
                    if (!FIELDS.contains(field) && !ATTRIBUTE.matcher(field).matches()) {
                        v.add(new FieldViolation(-1, path, "unknown item field '" + field + "' (known: "
                                + new TreeSet<>(FIELDS) + " and attributes.<name>)"));
                    } else if (!e.getValue().isTextual() || e.getValue().textValue().isBlank()) {
                        v.add(new FieldViolation(-1, path, "the source must be a non-empty string"));
                    } else if (kind == FeedKind.JSON && !pointer(e.getValue().textValue())) {
                        v.add(new FieldViolation(-1, path, "the source must be a JSON pointer like /name"));
                    } else {
                        mapping.put(field, e.getValue().textValue());
                    }
                });
            }
        }
        String itemsPath = jsonOnly(node, "itemsPath", kind, v);
        if (itemsPath != null && !pointer(itemsPath)) {
            v.add(new FieldViolation(-1, "options.itemsPath", "itemsPath must be a JSON pointer like /products"));
        }
        Paging paging = d.paging();
        String pagingText = jsonOnly(node, "paging", kind, v);
        if (pagingText != null) {
            paging = Paging.of(pagingText).orElse(null);
            if (paging == null) {
                v.add(new FieldViolation(-1, "options.paging", "paging must be none, next_url, link, cursor or page"));
                paging = d.paging();
            }
        }
        String nextPath = jsonOnly(node, "nextPath", kind, v);
        String cursorPath = jsonOnly(node, "cursorPath", kind, v);
        for (String[] p : new String[][] { { "nextPath", nextPath }, { "cursorPath", cursorPath } }) {
            if (p[1] != null && !pointer(p[1])) {
                v.add(new FieldViolation(-1, "options." + p[0], p[0] + " must be a JSON pointer like /next"));
            }
        }
        if (paging == Paging.NEXT_URL && nextPath == null) {
            v.add(new FieldViolation(-1, "options.nextPath", "paging next_url needs nextPath"));
        }
        if (paging == Paging.CURSOR && cursorPath == null) {
            v.add(new FieldViolation(-1, "options.cursorPath", "paging cursor needs cursorPath"));
        }
        String cursorParam = param(jsonOnly(node, "cursorParam", kind, v), "cursorParam", d.cursorParam(), v);
        String pageParam = param(jsonOnly(node, "pageParam", kind, v), "pageParam", d.pageParam(), v);
        int firstPage = integer(node, "firstPage", d.firstPage(), 0, 1_000_000, v);
        int maxPages = integer(node, "maxPages", d.maxPages(), 1, FeedOptions.MAX_PAGES, v);
        List<String> pages = new ArrayList<>();
        JsonNode p = node.get("pages");
        if (p != null && !p.isNull()) {
            if (kind != FeedKind.JSONLD) {
                v.add(new FieldViolation(-1, "options.pages", "pages applies to jsonld feeds only"));
            } else if (!p.isArray() || p.size() > MAX_LISTED_PAGES) {
                v.add(new FieldViolation(-1, "options.pages",
                        "pages must be an array of up to " + MAX_LISTED_PAGES + " URLs"));
            } else {
                for (int i = 0; i < p.size(); i++) {
                    String u = p.get(i).isTextual() ? p.get(i).textValue() : null;
                    if (u == null || !httpUrl(u)) {
                        v.add(new FieldViolation(-1, "options.pages[" + i + "]", "must be an http(s) URL"));
                    } else {
                        pages.add(u);
                    }
                }
            }
        }
        char delimiter = d.delimiter();
        JsonNode dn = node.get("delimiter");
        if (dn != null && !dn.isNull()) {
            if (kind != FeedKind.CSV) {
                v.add(new FieldViolation(-1, "options.delimiter", "delimiter applies to csv feeds only"));
            } else if (!dn.isTextual() || dn.textValue().length() != 1 || "\"\r\n".contains(dn.textValue())) {
                v.add(new FieldViolation(-1, "options.delimiter",
                        "delimiter must be one character, not a quote" + " or line break"));
            } else {
                delimiter = dn.textValue().charAt(0);
            }
        }
        GonePolicy gone = d.gone();
        String goneText = text(node, "gone", v);
        if (goneText != null) {
            gone = GonePolicy.of(goneText).orElse(null);
            if (gone == null) {
                v.add(new FieldViolation(-1, "options.gone", "gone must be out_of_stock, delete or keep"));
                gone = d.gone();
            }
        }
        String separator = text(node, "categorySeparator", v);
        if (separator != null && (separator.isEmpty() || separator.length() > 5)) {
            v.add(new FieldViolation(-1, "options.categorySeparator", "categorySeparator must be 1 to 5 characters"));
            separator = null;
        }
        return new FeedOptions(currency, authHeader, authSecret, mapping, itemsPath == null ? "" : itemsPath, paging,
                nextPath, cursorPath, cursorParam, pageParam, firstPage, maxPages, pages, delimiter, gone,
                separator == null ? d.categorySeparator() : separator);
    }

    /** The canonical JSON: keys in a fixed order, defaults omitted. */
    public static ObjectNode toJson(FeedOptions o) {
        FeedOptions d = FeedOptions.defaults();
        ObjectNode n = MAPPER.createObjectNode();
        if (o.currency() != null) {
            n.put("currency", o.currency());
        }
        if (o.authHeader() != null) {
            n.putObject("auth").put("header", o.authHeader()).put("secret", o.authSecret());
        }
        if (!o.mapping().isEmpty()) {
            ObjectNode m = n.putObject("mapping");
            new TreeMap<>(o.mapping()).forEach(m::put);
        }
        putIf(n, "itemsPath", o.itemsPath(), d.itemsPath());
        putIf(n, "paging", o.paging().wireName(), d.paging().wireName());
        putIf(n, "nextPath", o.nextPath(), null);
        putIf(n, "cursorPath", o.cursorPath(), null);
        putIf(n, "cursorParam", o.cursorParam(), d.cursorParam());
        putIf(n, "pageParam", o.pageParam(), d.pageParam());
        if (o.firstPage() != d.firstPage()) {
            n.put("firstPage", o.firstPage());
        }
        if (o.maxPages() != d.maxPages()) {
            n.put("maxPages", o.maxPages());
        }
        if (!o.pages().isEmpty()) {
            o.pages().forEach(n.putArray("pages")::add);
        }
        putIf(n, "delimiter", String.valueOf(o.delimiter()), String.valueOf(d.delimiter()));
        putIf(n, "gone", o.gone().wireName(), d.gone().wireName());
        putIf(n, "categorySeparator", o.categorySeparator(), d.categorySeparator());
        return n;
    }

    public static String write(FeedOptions o) {
        return toJson(o).toString();
    }

    /** Reads stored (canonical) options; they were valid when written. */
    public static FeedOptions read(String json, FeedKind kind) {
        try {
            List<FieldViolation> v = new ArrayList<>();
            FeedOptions o = parse(MAPPER.readTree(json), kind, v);
            if (!v.isEmpty()) {
                throw new IllegalStateException("stored feed options are invalid: " + v);
            }
            return o;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored feed options are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static boolean httpUrl(String s) {
        try {
            URI u = new URI(s);
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null && s.length() <= 2048;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean pointer(String s) {
        try {
            JsonPointer.compile(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void putIf(ObjectNode n, String key, String value, String dflt) {
        if (value != null && !value.equals(dflt)) {
            n.put(key, value);
        }
    }

    private static String jsonOnly(JsonNode node, String key, FeedKind kind, List<FieldViolation> v) {
        String value = text(node, key, v);
        if (value != null && kind != FeedKind.JSON) {
            v.add(new FieldViolation(-1, "options." + key, key + " applies to json feeds only"));
            return null;
        }
        return value;
    }

    private static String param(String value, String key, String dflt, List<FieldViolation> v) {
        if (value == null) {
            return dflt;
        }
        if (!TOKEN.matcher(value).matches()) {
            v.add(new FieldViolation(-1, "options." + key, key + " must be a query parameter name"));
            return dflt;
        }
        return value;
    }

    private static String text(JsonNode node, String key, List<FieldViolation> v) {
        return text(node, key, v, "options." + key);
    }

    private static String text(JsonNode node, String key, List<FieldViolation> v, String path) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            v.add(new FieldViolation(-1, path, key + " must be a string"));
            return null;
        }
        return n.textValue();
    }

    private static int integer(JsonNode node, String key, int dflt, int min, int max, List<FieldViolation> v) {
        JsonNode n = node.get(key);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < min || n.intValue() > max) {
            v.add(new FieldViolation(-1, "options." + key, key + " must be an integer from " + min + " to " + max));
            return dflt;
        }
        return n.intValue();
    }
}
