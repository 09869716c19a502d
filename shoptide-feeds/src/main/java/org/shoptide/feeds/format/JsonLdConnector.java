package org.shoptide.feeds.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
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
 * schema.org {@code Product} JSON-LD in product pages. The pages are the {@code pages} option, or the {@code <loc>}s of
 * the sitemap at the feed URL (sitemaps.org 0.9; a sitemap index is followed one level). Every page is checked against
 * its host's robots.txt first; disallowed pages are skipped (a warning in the report). The allowed pages are fetched
 * concurrently within the per-host rate limit. In each page every {@code <script type="application/ld+json">} is parsed
 * and every {@code Product} found (top level, in an array, in {@code @graph}) becomes an item: id from {@code sku},
 * else {@code productID}, {@code mpn}, {@code @id}, else the page URL; {@code name}, {@code description}, {@code brand}
 * (text or {@code Brand.name}), {@code image}, {@code category}; the price and availability of {@code offers}
 * ({@code Offer}, a list of them: the lowest price, or {@code AggregateOffer.lowPrice}), with {@code priceCurrency}. A
 * page without a Product is skipped with a warning; malformed JSON-LD fails the run.
 */
public final class JsonLdConnector implements FeedConnector {
    static final List<String> HTML = List.of("text/html", "application/xhtml+xml");
    private static final int MAX_PAGES_IN_SITEMAP = 50_000;

    @Override
    public FetchedFeed fetch(FeedDefinition feed, PageFetcher pages) throws FeedException, InterruptedException {
        List<URI> urls = new ArrayList<>();
        if (!feed.options().pages().isEmpty()) {
            feed.options().pages().forEach(p -> urls.add(URI.create(p)));
        } else {
            urls.addAll(sitemap(URI.create(feed.url()), pages, true));
        }
        if (urls.size() > feed.options().maxPages()) {
            throw new FeedException(FeedError.of("the feed lists " + urls.size() + " pages, more than "
                    + feed.options().maxPages() + " (option maxPages); nothing was applied"));
        }
        List<FeedError> warnings = new ArrayList<>();
        List<URI> allowed = new ArrayList<>();
        for (URI u : urls) {
            if (pages.allowedByRobots(u)) {
                allowed.add(u);
            } else {
                warnings.add(new FeedError(u.toString(), 0, 0, null, null, "skipped: robots.txt disallows it"));
            }
        }
        List<FetchResponse> responses = pages.getAll(allowed, HTML);
        List<RawItem> items = new ArrayList<>();
        int first = pages.pages() - responses.size() + 1;
        for (int i = 0; i < responses.size(); i++) {
            String url = allowed.get(i).toString();
            SourcePosition at = new SourcePosition(url, first + i, 0);
            List<Map<String, String>> products = products(responses.get(i).text(), at);
            if (products.isEmpty()) {
                warnings.add(new FeedError(url, first + i, 0, null, null,
                        "skipped: no schema.org Product in the page's JSON-LD"));
            }
            for (Map<String, String> p : products) {
                items.add(new RawItem(at, items.size(), p));
            }
        }
        return FetchedFeed.of(items, pages, warnings);
    }

    private static List<URI> sitemap(URI uri, PageFetcher pages, boolean followIndex)
            throws FeedException, InterruptedException {
        FetchResponse r = pages.get(uri, MerchantConnector.TYPES);
        List<String> locs = new ArrayList<>();
        boolean index = false;
        XMLStreamReader x = null;
        try {
            x = MerchantConnector.secureFactory().createXMLStreamReader(new ByteArrayInputStream(r.body()));
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT) {
                    if (x.getLocalName().equals("sitemapindex")) {
                        index = true;
                    } else if (x.getLocalName().equals("loc")) {
                        locs.add(x.getElementText().strip());
                    }
                }
            }
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNumber(), 0);
            throw new FeedException(new FeedError(uri.toString(), pages.pages(), line, null, null,
                    "malformed sitemap XML: " + e.getMessage()));
        } finally {
            if (x != null) {
                try {
                    x.close();
                } catch (XMLStreamException ignored) {
                    // read-only parser
                }
            }
        }
        Set<URI> out = new LinkedHashSet<>();
        for (String loc : locs) {
            URI u;
            try {
                u = uri.resolve(loc);
            } catch (IllegalArgumentException e) {
                throw new FeedException(new FeedError(uri.toString(), pages.pages(), 0, null, null,
                        "sitemap <loc> '" + loc + "' is not a valid URL"));
            }
            if (index && followIndex) {
                out.addAll(sitemap(u, pages, false));
            } else if (!index) {
                out.add(u);
            }
            if (out.size() > MAX_PAGES_IN_SITEMAP) {
                throw new FeedException(FeedError.of("the sitemap lists more than " + MAX_PAGES_IN_SITEMAP + " pages"));
            }
        }
        return new ArrayList<>(out);
    }

    static List<Map<String, String>> products(String html, SourcePosition at) throws FeedException {
        Document doc = Jsoup.parse(html, at.url());
        List<Map<String, String>> out = new ArrayList<>();
        for (Element script : doc.select("script[type=application/ld+json]")) {
            JsonNode root = Json.parse(script.data(), at);
            List<JsonNode> found = new ArrayList<>();
            collect(root, found, 0);
            for (JsonNode p : found) {
                out.add(product(p, at.url()));
            }
        }
        return out;
    }

    private static void collect(JsonNode n, List<JsonNode> found, int depth) {
        if (n == null || depth > 8) {
            return;
        }
        if (n.isArray()) {
            n.forEach(e -> collect(e, found, depth + 1));
        } else if (n.isObject()) {
            if (isType(n, "Product")) {
                found.add(n);
                return;
            }
            collect(n.get("@graph"), found, depth + 1);
            collect(n.get("mainEntity"), found, depth + 1);
        }
    }

    private static boolean isType(JsonNode n, String type) {
        JsonNode t = n.get("@type");
        if (t == null) {
            return false;
        }
        if (t.isArray()) {
            for (JsonNode e : t) {
                if (matchesType(e.asText(), type)) {
                    return true;
                }
            }
            return false;
        }
        return matchesType(t.asText(), type);
    }

    private static boolean matchesType(String value, String type) {
        return value.equals(type) || value.endsWith("/" + type) || value.endsWith(":" + type);
    }

    static Map<String, String> product(JsonNode p, String pageUrl) {
        Map<String, String> f = new LinkedHashMap<>();
        String id = firstText(p, "sku", "productID", "mpn", "@id");
        f.put("id", id != null ? id : pageUrl);
        put(f, "title", Json.text(p.get("name"), " "));
        put(f, "description", Json.text(p.get("description"), " "));
        put(f, "brand", Json.text(p.get("brand"), " "));
        put(f, "category", Json.text(p.get("category"), " > "));
        JsonNode image = p.get("image");
        put(f, "imageUrl", image != null && image.isArray() && !image.isEmpty() ? Json.text(image.get(0), ",")
                : Json.text(image, ","));
        put(f, "attributes.url", firstText(p, "url") != null ? firstText(p, "url") : pageUrl);
        put(f, "attributes.gtin", firstText(p, "gtin13", "gtin", "gtin12", "gtin14", "gtin8"));
        offer(p.get("offers"), f);
        return f;
    }

    private static void offer(JsonNode offers, Map<String, String> f) {
        if (offers == null || offers.isNull()) {
            return;
        }
        List<JsonNode> list = new ArrayList<>();
        if (offers.isArray()) {
            offers.forEach(list::add);
        } else {
            list.add(offers);
        }
        String bestPrice = null;
        BigDecimal best = null;
        String currency = null;
        String availability = null;
        for (JsonNode o : list) {
            String price = isType(o, "AggregateOffer") ? firstText(o, "lowPrice", "price") : firstText(o, "price");
            if (price == null && o.get("priceSpecification") != null) {
                price = firstText(o.get("priceSpecification"), "price");
                if (currency == null) {
                    currency = firstText(o.get("priceSpecification"), "priceCurrency");
                }
            }
            BigDecimal value = null;
            if (price != null) {
                try {
                    value = new BigDecimal(price.strip());
                } catch (NumberFormatException e) {
                    bestPrice = price; // reported by the mapper
                    break;
                }
            }
            if (value != null && (best == null || value.compareTo(best) < 0)) {
                best = value;
                bestPrice = price;
                currency = firstText(o, "priceCurrency") != null ? firstText(o, "priceCurrency") : currency;
                availability = firstText(o, "availability");
            }
            if (availability == null) {
                availability = firstText(o, "availability");
            }
        }
        put(f, "price", bestPrice);
        put(f, "currency", currency);
        put(f, "availability", availability);
    }

    private static String firstText(JsonNode n, String... keys) {
        for (String k : keys) {
            String t = Json.text(n.get(k), ",");
            if (t != null && !t.isBlank()) {
                return t;
            }
        }
        return null;
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null && !value.isBlank()) {
            f.put(key, value);
        }
    }
}
