package org.shoptide.feeds.format;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.feeds.FeedConnector;
import org.shoptide.feeds.FeedDefinition;
import org.shoptide.feeds.FeedError;
import org.shoptide.feeds.FeedException;
import org.shoptide.feeds.FeedOptions;
import org.shoptide.feeds.FetchedFeed;
import org.shoptide.feeds.PageFetcher;
import org.shoptide.feeds.RawItem;
import org.shoptide.feeds.SourcePosition;
import org.shoptide.feeds.http.FetchResponse;

/**
 * A CSV file with a header row ({@link CsvReader}). Each item field is read from the column the mapping names; an
 * unmapped field is read from the first column present (case-insensitively) among its usual names, which include Google
 * Merchant's ({@code image_link}, {@code sale_price}, {@code product_type}, ...). One conditional GET: a 304 means
 * unchanged. A row with more or fewer fields than the header is an error on its line.
 */
public final class CsvConnector implements FeedConnector {
    static final List<String> TYPES = List.of("text/csv", "text/plain", "application/csv",
            "text/comma-separated-values", "application/vnd.ms-excel", "application/octet-stream",
            "text/tab-separated-values");
    private static final Map<String, List<String>> DEFAULT_COLUMNS = defaults();

    @Override
    public FetchedFeed fetch(FeedDefinition feed, PageFetcher pages) throws FeedException, InterruptedException {
        URI uri = URI.create(feed.url());
        FetchResponse r = pages.getConditional(uri, TYPES);
        if (r.notModified()) {
            return FetchedFeed.notModified(pages);
        }
        List<CsvReader.Row> rows;
        try {
            rows = CsvReader.read(r.text(), feed.options().delimiter());
        } catch (CsvReader.CsvSyntaxException e) {
            throw new FeedException(
                    new FeedError(uri.toString(), 1, e.line, null, null, "malformed CSV: " + e.getMessage()));
        }
        if (rows.isEmpty()) {
            throw new FeedException(new FeedError(uri.toString(), 1, 1, null, null, "the CSV file has no header row"));
        }
        List<String> header = rows.get(0).fields();
        Map<String, Integer> columns = columns(header, feed.options());
        if (!columns.containsKey("id")) {
            throw new FeedException(new FeedError(uri.toString(), 1, 1, null, "id",
                    "no id column in the header " + header + " (map one with mapping.id)"));
        }
        List<FeedError> errors = new ArrayList<>();
        List<RawItem> items = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            CsvReader.Row row = rows.get(i);
            SourcePosition at = new SourcePosition(uri.toString(), 1, row.line());
            if (row.fields().size() != header.size()) {
                errors.add(FeedError.at(at, "#" + (i - 1), null,
                        "the row has " + row.fields().size() + " fields, the header " + header.size()));
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            columns.forEach((field, column) -> values.put(field, row.fields().get(column)));
            items.add(new RawItem(at, i - 1, values));
        }
        if (!errors.isEmpty()) {
            throw new FeedException(errors);
        }
        return FetchedFeed.of(items, pages, List.of());
    }

    private static Map<String, Integer> columns(List<String> header, FeedOptions o) throws FeedException {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            byName.putIfAbsent(header.get(i).strip().toLowerCase(Locale.ROOT), i);
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        List<FeedError> missing = new ArrayList<>();
        o.mapping().forEach((field, column) -> {
            Integer index = byName.get(column.strip().toLowerCase(Locale.ROOT));
            if (index == null) {
                missing.add(new FeedError(null, 1, 1, null, field,
                        "mapped column '" + column + "' is not in the header " + header));
            } else {
                out.put(field, index);
            }
        });
        if (!missing.isEmpty()) {
            throw new FeedException(missing);
        }
        DEFAULT_COLUMNS.forEach((field, names) -> {
            if (!out.containsKey(field)) {
                for (String name : names) {
                    Integer index = byName.get(name);
                    if (index != null) {
                        out.put(field, index);
                        break;
                    }
                }
            }
        });
        return out;
    }

    private static Map<String, List<String>> defaults() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("id", List.of("id", "sku", "item_id", "product_id"));
        m.put("title", List.of("title", "name"));
        m.put("description", List.of("description"));
        m.put("price", List.of("price"));
        m.put("salePrice", List.of("saleprice", "sale_price"));
        m.put("currency", List.of("currency"));
        m.put("brand", List.of("brand", "vendor"));
        m.put("category", List.of("category", "product_type", "google_product_category"));
        m.put("imageUrl", List.of("imageurl", "image_url", "image_link", "image"));
        m.put("availability", List.of("availability", "instock", "in_stock", "stock"));
        m.put("tags", List.of("tags"));
        return m;
    }
}
