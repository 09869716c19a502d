package org.shoptide.feeds.format;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
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
 * A Google Merchant Center product feed: RSS 2.0 ({@code <item>}) or Atom 1.0 ({@code <entry>}) with the {@code g:}
 * namespace {@value #G}. Read fields: {@code g:id}, {@code g:title} / {@code title}, {@code g:description} /
 * {@code description} / {@code summary}, {@code g:link} / {@code link}, {@code g:image_link}, {@code g:price} ("12.99
 * USD"), {@code g:sale_price}, {@code g:availability}, {@code g:brand}, {@code g:product_type} (else
 * {@code g:google_product_category}); {@code link} and the identifiers and variant facets ({@code gtin, mpn,
 * condition, color, size, material, gender, age_group, item_group_id}) become attributes. One conditional GET. XML is
 * read with DTDs and external entities off (no XXE); a syntax error fails the run with its line.
 */
public final class MerchantConnector implements FeedConnector {
    static final String G = "http://base.google.com/ns/1.0";
    static final List<String> TYPES = List.of("application/xml", "text/xml", "application/rss+xml",
            "application/atom+xml", "text/plain");
    private static final Set<String> ATTRIBUTES = Set.of("link", "gtin", "mpn", "condition", "color", "size",
            "material", "gender", "age_group", "item_group_id");

    @Override
    public FetchedFeed fetch(FeedDefinition feed, PageFetcher pages) throws FeedException, InterruptedException {
        URI uri = URI.create(feed.url());
        FetchResponse r = pages.getConditional(uri, TYPES);
        if (r.notModified()) {
            return FetchedFeed.notModified(pages);
        }
        return FetchedFeed.of(parse(r.body(), uri.toString()), pages, List.of());
    }

    static XMLInputFactory secureFactory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    static List<RawItem> parse(byte[] xml, String url) throws FeedException {
        List<RawItem> items = new ArrayList<>();
        XMLStreamReader x = null;
        try {
            x = secureFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
            Map<String, String> g = null;
            Map<String, String> plain = null;
            int itemLine = 0;
            boolean sawFeed = false;
            while (x.hasNext()) {
                int event = x.next();
                if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
                    continue;
                }
                String local = x.getLocalName();
                boolean itemElement = (local.equals("item") || local.equals("entry")) && !G.equals(x.getNamespaceURI());
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (local.equals("rss") || local.equals("feed") || local.equals("channel")) {
                        sawFeed = true;
                    }
                    if (itemElement && g == null) {
                        g = new LinkedHashMap<>();
                        plain = new LinkedHashMap<>();
                        itemLine = x.getLocation().getLineNumber();
                    } else if (g != null) {
                        boolean google = G.equals(x.getNamespaceURI());
                        String href = x.getAttributeValue(null, "href");
                        String text = href != null && local.equals("link") ? href : elementText(x);
                        (google ? g : plain).putIfAbsent(local, text.strip());
                    }
                } else if (itemElement && g != null) {
                    items.add(new RawItem(new SourcePosition(url, 1, itemLine), items.size(), fields(g, plain)));
                    g = null;
                    plain = null;
                }
            }
            if (!sawFeed) {
                throw new FeedException(new FeedError(url, 1, 1, null, null,
                        "not an RSS 2.0 or Atom document (no <rss>, <channel> or <feed> element)"));
            }
            return items;
        } catch (XMLStreamException e) {
            int line = e.getLocation() == null ? 0 : Math.max(e.getLocation().getLineNumber(), 0);
            throw new FeedException(new FeedError(url, 1, line, null, null, "malformed XML: " + message(e)));
        } finally {
            if (x != null) {
                try {
                    x.close();
                } catch (XMLStreamException ignored) {
                    // nothing was written; closing releases the parser only
                }
            }
        }
    }

    /** The element's text; a nested element (unexpected in a feed field) yields its text content too. */
    private static String elementText(XMLStreamReader x) throws XMLStreamException {
        StringBuilder b = new StringBuilder();
        int depth = 1;
        while (depth > 0) {
            int e = x.next();
            if (e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA) {
                b.append(x.getText());
            } else if (e == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
        return b.toString();
    }

    private static Map<String, String> fields(Map<String, String> g, Map<String, String> plain) {
        Map<String, String> f = new LinkedHashMap<>();
        put(f, "id", g.get("id"));
        put(f, "title", first(g.get("title"), plain.get("title")));
        put(f, "description", first(g.get("description"), plain.get("description"), plain.get("summary")));
        put(f, "imageUrl", g.get("image_link"));
        put(f, "price", g.get("price"));
        put(f, "salePrice", g.get("sale_price"));
        put(f, "availability", g.get("availability"));
        put(f, "brand", g.get("brand"));
        put(f, "category", first(g.get("product_type"), g.get("google_product_category")));
        for (String a : ATTRIBUTES) {
            String v = a.equals("link") ? first(g.get("link"), plain.get("link")) : g.get(a);
            put(f, "attributes." + a, v);
        }
        return f;
    }

    private static void put(Map<String, String> f, String key, String value) {
        if (value != null && !value.isBlank()) {
            f.put(key, value);
        }
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String message(XMLStreamException e) {
        String m = e.getMessage() == null ? "syntax error" : e.getMessage();
        int nested = m.indexOf("Message: ");
        return nested >= 0 ? m.substring(nested + 9).strip() : m.strip();
    }
}
