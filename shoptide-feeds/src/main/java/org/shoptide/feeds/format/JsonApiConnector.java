package org.shoptide.feeds.format;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.shoptide.feeds.FeedConnector;
import org.shoptide.feeds.FeedDefinition;
import org.shoptide.feeds.FeedError;
import org.shoptide.feeds.FeedException;
import org.shoptide.feeds.FeedOptions;
import org.shoptide.feeds.FetchedFeed;
import org.shoptide.feeds.PageFetcher;
import org.shoptide.feeds.Paging;
import org.shoptide.feeds.RawItem;
import org.shoptide.feeds.SourcePosition;
import org.shoptide.feeds.http.FetchResponse;

/**
 * A JSON product API. Each page is a JSON document whose item array is at the {@code itemsPath} pointer (RFC 6901);
 * each item field is read at the mapping's pointer relative to the item, by default {@code /<field>}. Pages follow the
 * {@code paging} option: a next URL in the body, a {@code Link: rel="next"} header, a cursor, or a page number (see
 * {@link org.shoptide.feeds.Paging}). The first page is requested conditionally: a 304 means the feed is unchanged and
 * nothing else is fetched. A page that repeats an earlier URL ends the feed (a loop guard).
 */
public final class JsonApiConnector implements FeedConnector {
    static final List<String> FIELDS = List.of("id", "title", "description", "price", "salePrice", "currency", "brand",
            "category", "imageUrl", "availability", "tags");

    @Override
    public FetchedFeed fetch(FeedDefinition feed, PageFetcher pages) throws FeedException, InterruptedException {
        FeedOptions o = feed.options();
        JsonPointer itemsAt = JsonPointer.compile(o.itemsPath());
        Map<String, JsonPointer> fields = pointers(o);
        List<RawItem> items = new ArrayList<>();
        URI base = URI.create(feed.url());
        int pageNumber = o.firstPage();
        URI next = o.paging() == Paging.PAGE ? withParam(base, o.pageParam(), Integer.toString(pageNumber)) : base;
        Set<String> seen = new HashSet<>();
        for (int page = 1; next != null; page++) {
            if (page > o.maxPages()) {
                throw new FeedException(FeedError.of(
                        "the feed has more than " + o.maxPages() + " pages (option maxPages); nothing was applied"));
            }
            seen.add(next.toString());
            FetchResponse r = page == 1 ? pages.getConditional(next, Json.TYPES) : pages.get(next, Json.TYPES);
            if (r.notModified()) {
                return FetchedFeed.notModified(pages);
            }
            SourcePosition at = new SourcePosition(next.toString(), page, 0);
            JsonNode root = Json.parse(r.text(), at);
            JsonNode array = root.at(itemsAt);
            if (!array.isArray()) {
                throw new FeedException(new FeedError(at.url(), page, 0, null, null, "no JSON array at items path '"
                        + o.itemsPath() + "' (found " + array.getNodeType().name().toLowerCase(Locale.ROOT) + ")"));
            }
            int index = 0;
            for (JsonNode item : array) {
                items.add(new RawItem(at, index++, read(item, fields, o)));
            }
            URI following = switch (o.paging()) {
                case NONE -> null;
                case LINK -> r.nextLink().orElse(null);
                case NEXT_URL -> resolve(next, Json.text(root.at(JsonPointer.compile(o.nextPath())), ","));
                case CURSOR -> {
                    String cursor = Json.text(root.at(JsonPointer.compile(o.cursorPath())), ",");
                    yield cursor == null || cursor.isBlank() ? null : withParam(base, o.cursorParam(), cursor);
                }
                case PAGE -> array.isEmpty() ? null : withParam(base, o.pageParam(), Integer.toString(++pageNumber));
            };
            next = following != null && seen.contains(following.toString()) ? null : following;
        }
        return FetchedFeed.of(items, pages, List.of());
    }

    static Map<String, JsonPointer> pointers(FeedOptions o) {
        Map<String, JsonPointer> out = new LinkedHashMap<>();
        for (String f : FIELDS) {
            out.put(f, JsonPointer.compile(o.source(f, "/" + f)));
        }
        o.mapping().forEach((field, source) -> {
            if (field.startsWith("attributes.")) {
                out.put(field, JsonPointer.compile(source));
            }
        });
        return out;
    }

    static Map<String, String> read(JsonNode item, Map<String, JsonPointer> fields, FeedOptions o) {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((field, pointer) -> {
            String text = Json.text(item.at(pointer),
                    field.equals("category") ? " " + o.categorySeparator() + " " : ",");
            if (text != null) {
                values.put(field, text);
            }
        });
        return values;
    }

    private static URI resolve(URI current, String next) throws FeedException {
        if (next == null || next.isBlank()) {
            return null;
        }
        try {
            return current.resolve(next.strip());
        } catch (IllegalArgumentException e) {
            throw new FeedException(new FeedError(current.toString(), 0, 0, null, null,
                    "next page URL '" + next + "' is not a valid URL"));
        }
    }

    /** {@code uri} with query parameter {@code name} set to {@code value} (replacing an existing one). */
    static URI withParam(URI uri, String name, String value) {
        String query = uri.getRawQuery();
        StringBuilder q = new StringBuilder();
        if (query != null) {
            for (String part : query.split("&")) {
                if (!part.isEmpty() && !part.split("=", 2)[0].equals(name)) {
                    q.append(q.isEmpty() ? "" : "&").append(part);
                }
            }
        }
        q.append(q.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        String s = uri.toString();
        int cut = s.indexOf('?');
        int hash = s.indexOf('#');
        String head = cut >= 0 ? s.substring(0, cut) : hash >= 0 ? s.substring(0, hash) : s;
        return URI.create(head + "?" + q);
    }
}
