package org.shoptide.feeds;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A feed's options (stored as JSON by {@link FeedOptionsJson}; every field optional with the default named).
 *
 * @param currency
 *            ISO 4217 code for prices that name none; null: prices must name theirs (Merchant) or the item has none
 * @param authHeader
 *            request header that carries the secret (e.g. {@code Authorization}); null: no authentication
 * @param authSecret
 *            where the header's value comes from: {@code env:NAME} (an environment variable of the server); the value
 *            itself is never stored or shown
 * @param mapping
 *            item field to source: a JSON pointer relative to the item for {@code json}, a column name for {@code csv};
 *            fields are {@code id, title, description, price, salePrice, currency, brand, category,
 *            imageUrl, availability, tags} and {@code attributes.<name>}; unmapped fields use the defaults of the
 *            format
 * @param itemsPath
 *            JSON pointer to the array of items in each page of a {@code json} feed; "" (default) is the root
 * @param paging
 *            how a {@code json} feed pages (default none)
 * @param nextPath
 *            JSON pointer to the next page's URL (paging next_url)
 * @param cursorPath
 *            JSON pointer to the next cursor (paging cursor)
 * @param cursorParam
 *            query parameter that carries the cursor (default {@code cursor})
 * @param pageParam
 *            query parameter that carries the page number (default "page")
 * @param firstPage
 *            number of the first page (default 1)
 * @param maxPages
 *            most pages one run fetches (default 1000); more fails the run
 * @param pages
 *            for {@code jsonld}: the product pages to read; empty: the feed's URL is a sitemap listing them
 * @param delimiter
 *            CSV field separator (default {@code ,})
 * @param gone
 *            what happens to items this feed no longer lists (default out_of_stock)
 * @param categorySeparator
 *            separator of a category path given as one string (default {@code >})
 */
public record FeedOptions(String currency, String authHeader, String authSecret, Map<String, String> mapping,
        String itemsPath, Paging paging, String nextPath, String cursorPath, String cursorParam, String pageParam,
        int firstPage, int maxPages, List<String> pages, char delimiter, GonePolicy gone, String categorySeparator) {

    public static final int MAX_PAGES = 10_000;

    public FeedOptions {
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
        pages = pages == null ? List.of() : List.copyOf(pages);
        Objects.requireNonNull(itemsPath, "itemsPath");
        Objects.requireNonNull(paging, "paging");
        Objects.requireNonNull(cursorParam, "cursorParam");
        Objects.requireNonNull(pageParam, "pageParam");
        Objects.requireNonNull(gone, "gone");
        Objects.requireNonNull(categorySeparator, "categorySeparator");
    }

    public static FeedOptions defaults() {
        return new FeedOptions(null, null, null, Map.of(), "", Paging.NONE, null, null, "cursor", "page", 1, 1000,
                List.of(), ',', GonePolicy.OUT_OF_STOCK, ">");
    }

    /** The source of {@code field}, or {@code fallback} when the mapping names none. */
    public String source(String field, String fallback) {
        return mapping.getOrDefault(field, fallback);
    }
}
