package org.shoptide.feeds.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsoup.Jsoup;
import org.shoptide.feeds.FeedConnector;
import org.shoptide.feeds.FeedDefinition;
import org.shoptide.feeds.FeedError;
import org.shoptide.feeds.FeedException;
import org.shoptide.feeds.FetchedFeed;
import org.shoptide.feeds.PageFetcher;
import org.shoptide.feeds.RawItem;
import org.shoptide.feeds.SourcePosition;
import org.shoptide.feeds.http.FetchResponse;

/**
 * A Shopify-style {@code /products.json}: {@code {"products":[{id, title, body_html, vendor, product_type, tags,
 * handle, images:[{src}], variants:[{price, available, inventory_quantity, sku}]}]}}. One item per product: its price
 * is the lowest variant price, it is in stock when any variant is available (or, without {@code available}, has a
 * positive {@code inventory_quantity}), {@code body_html} becomes plain text. Pages follow the {@code Link: rel="next"}
 * header when the server sends one, else {@code ?page=2, 3, ...} until a page has no products. Prices carry no currency
 * here: set the feed's {@code currency} option.
 */
public final class ShopifyConnector implements FeedConnector {

    @Override
    public FetchedFeed fetch(FeedDefinition feed, PageFetcher pages) throws FeedException, InterruptedException {
        URI base = URI.create(feed.url());
        List<RawItem> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        URI next = base;
        for (int page = 1; next != null; page++) {
            if (page > feed.options().maxPages()) {
                throw new FeedException(FeedError.of("the feed has more than " + feed.options().maxPages()
                        + " pages (option maxPages); nothing was applied"));
            }
            seen.add(next.toString());
            FetchResponse r = page == 1 ? pages.getConditional(next, Json.TYPES) : pages.get(next, Json.TYPES);
            if (r.notModified()) {
                return FetchedFeed.notModified(pages);
            }
            SourcePosition at = new SourcePosition(next.toString(), page, 0);
            JsonNode products = Json.parse(r.text(), at).get("products");
            if (products == null || !products.isArray()) {
                throw new FeedException(new FeedError(at.url(), page, 0, null, null,
                        "no \"products\" array: not a products.json document"));
            }
            int index = 0;
            for (JsonNode p : products) {
                items.add(new RawItem(at, index++, product(p)));
            }
            URI following = r.nextLink().orElse(null);
            if (following == null && !products.isEmpty() && r.header("link").isEmpty()) {
                following = JsonApiConnector.withParam(base, "page", Integer.toString(page + 1));
            }
            next = following != null && seen.contains(following.toString()) ? null : following;
        }
        return FetchedFeed.of(items, pages, List.of());
    }

    static Map<String, String> product(JsonNode p) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "id", Json.text(p.get("id"), ","));
        put(f, "title", Json.text(p.get("title"), ","));
        String html = Json.text(p.get("body_html"), " ");
        put(f, "description", html == null ? null : Jsoup.parse(html).text());
        put(f, "brand", Json.text(p.get("vendor"), ","));
        put(f, "category", Json.text(p.get("product_type"), ","));
        put(f, "tags", Json.text(p.get("tags"), ","));
        put(f, "attributes.handle", Json.text(p.get("handle"), ","));
        JsonNode images = p.get("images");
        if (images != null && images.isArray() && !images.isEmpty()) {
            put(f, "imageUrl", Json.text(images.get(0).get("src"), ","));
        } else if (p.get("image") != null) {
            put(f, "imageUrl", Json.text(p.get("image").get("src"), ","));
        }
        BigDecimal lowest = null;
        BigDecimal compareAt = null;
        Boolean available = null;
        String badPrice = null;
        JsonNode variants = p.get("variants");
        if (variants != null && variants.isArray()) {
            for (JsonNode v : variants) {
                BigDecimal price = decimal(v.get("price"));
                String raw = Json.text(v.get("price"), ",");
                if (price == null && raw != null && !raw.isBlank()) {
                    badPrice = raw;
                }
                if (price != null && (lowest == null || price.compareTo(lowest) < 0)) {
                    lowest = price;
                    compareAt = decimal(v.get("compare_at_price"));
                }
                boolean inStock = v.has("available") ? v.get("available").asBoolean(false)
                        : !v.has("inventory_quantity") || v.get("inventory_quantity").asLong(0) > 0;
                available = available == null ? inStock : available || inStock;
            }
            f.put("attributes.variants", Integer.toString(variants.size()));
        }
        if (lowest != null) {
            if (compareAt != null && compareAt.compareTo(lowest) > 0) {
                f.put("price", compareAt.toPlainString());
                f.put("salePrice", lowest.toPlainString());
            } else {
                f.put("price", lowest.toPlainString());
            }
        }
        if (badPrice != null) {
            f.put("price", badPrice); // the mapper reports it with the item's id
            f.remove("salePrice");
        }
        if (available != null) {
            f.put("availability", available ? "in stock" : "out of stock");
        }
        return f;
    }

    private static BigDecimal decimal(JsonNode n) {
        String t = Json.text(n, ",");
        if (t == null || t.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(t.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null && !value.isBlank()) {
            f.put(key, value);
        }
    }
}
