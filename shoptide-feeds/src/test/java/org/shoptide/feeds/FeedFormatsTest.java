package org.shoptide.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.feeds.FeedWorld.SHOP;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.core.catalog.Item;

/** Every format, read end to end from a local fake server into the catalog. */
class FeedFormatsTest {
    FeedWorld w;

    @BeforeEach
    void start() throws Exception {
        w = new FeedWorld();
    }

    @AfterEach
    void stop() {
        w.close();
    }

    @Test
    void jsonApiPagedByNextUrlWithMappedFields() throws Exception {
        w.site.serve("/api/products", "application/json", """
                {"data":{"items":[
                  {"sku":"A1","name":"Trail shoe","cost":{"amount":"89.90","currency":"EUR"},"maker":{"name":"Acme"},
                   "cats":["Shoes","Running"],"stock":"in_stock","img":"https://img/a1.jpg","labels":["new","sale"],
                   "colour":"red"}
                ]},"next":"/api/products-2?after=A1"}""");
        w.site.serve("/api/products-2", "application/json; charset=utf-8", """
                {"data":{"items":[{"sku":"B2","name":"Sock «中文»","cost":{"amount":5,"currency":"EUR"},
                  "stock":"out_of_stock"}]},"next":null}""");
        w.feed("""
                {"id":"api","kind":"json","url":"%s","options":{"itemsPath":"/data/items","paging":"next_url",
                 "nextPath":"/next","mapping":{"id":"/sku","title":"/name","price":"/cost/amount",
                 "currency":"/cost/currency","brand":"/maker","category":"/cats","availability":"/stock",
                 "imageUrl":"/img","tags":"/labels","attributes.colour":"/colour"}}}"""
                .formatted(w.site.url("/api/products")));
        FeedReport r = w.run("api");
        assertThat(r.outcome()).isEqualTo(FeedReport.Outcome.SUCCESS);
        assertThat(r.pages()).isEqualTo(2);
        assertThat(r.counts().created()).isEqualTo(2);
        Item a1 = w.catalog.get(SHOP, "A1");
        assertThat(a1.title()).isEqualTo("Trail shoe");
        assertThat(a1.price()).isEqualTo(89.90);
        assertThat(a1.currency()).isEqualTo("EUR");
        assertThat(a1.brand()).isEqualTo("Acme");
        assertThat(a1.categoryPath()).containsExactly("Shoes", "Running");
        assertThat(a1.tags()).containsExactly("new", "sale");
        assertThat(a1.imageUrl()).isEqualTo("https://img/a1.jpg");
        assertThat(a1.attributes()).containsEntry("colour", "red").containsEntry("feed", "api");
        assertThat(a1.inStock()).isTrue();
        Item b2 = w.catalog.get(SHOP, "B2");
        assertThat(b2.title()).isEqualTo("Sock «中文»");
        assertThat(b2.price()).isEqualTo(5.0);
        assertThat(b2.inStock()).isFalse();
    }

    @Test
    void jsonApiPagedByCursorAndByPageNumber() throws Exception {
        w.site.route("/cursor", (ex, hit) -> {
            String q = hit.query() == null ? "" : hit.query();
            String body = q.contains("cursor=c2") ? "{\"products\":[{\"id\":\"3\"}],\"cursor\":\"\"}"
                    : "{\"products\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"cursor\":\"c2\"}";
            FakeSite.send(ex, 200, "application/json", body);
        });
        w.feed("""
                {"id":"cur","kind":"json","url":"%s","options":{"itemsPath":"/products","paging":"cursor",
                 "cursorPath":"/cursor","currency":"USD"}}""".formatted(w.site.url("/cursor")));
        assertThat(w.run("cur").counts().created()).isEqualTo(3);

        w.site.route("/numbered", (ex, hit) -> {
            String q = hit.query();
            String body = q.equals("p=0") ? "[{\"id\":\"n1\"}]" : q.equals("p=1") ? "[{\"id\":\"n2\"}]" : "[]";
            FakeSite.send(ex, 200, "application/json", body);
        });
        w.feed("""
                {"id":"num","kind":"json","url":"%s","options":{"paging":"page","pageParam":"p","firstPage":0}}"""
                .formatted(w.site.url("/numbered")));
        FeedReport r = w.run("num");
        assertThat(r.counts().created()).isEqualTo(2);
        assertThat(r.pages()).isEqualTo(3);
        assertThat(w.site.hits("/numbered")).extracting(FakeSite.Hit::query).containsExactly("p=0", "p=1", "p=2");
    }

    @Test
    void csvWithHeaderMappingAndQuotedFields() throws Exception {
        w.site.serve("/catalog.csv", "text/csv", String.join("\r\n", "Artikel;Name;Preis;Lager;Kategorie;Beschreibung",
                "k-1;Kettle;\"24,50 EUR\";in stock;Kitchen > Small appliances;\"A kettle; \"\"quiet\"\"\r\nand fast\"",
                "k-2;Toaster;19.99;out of stock;Kitchen;", ""));
        w.feed("""
                {"id":"csv","kind":"csv","url":"%s","options":{"delimiter":";","mapping":{"id":"Artikel",
                 "title":"Name","price":"Preis","availability":"Lager","category":"Kategorie",
                 "description":"Beschreibung"}}}""".formatted(w.site.url("/catalog.csv")));
        FeedReport r = w.run("csv");
        assertThat(r.counts().created()).isEqualTo(2);
        Item k1 = w.catalog.get(SHOP, "k-1");
        assertThat(k1.price()).isEqualTo(24.50);
        assertThat(k1.currency()).isEqualTo("EUR");
        assertThat(k1.description()).isEqualTo("A kettle; \"quiet\"\r\nand fast");
        assertThat(k1.categoryPath()).containsExactly("Kitchen", "Small appliances");
        assertThat(w.catalog.get(SHOP, "k-2").inStock()).isFalse();
    }

    @Test
    void googleMerchantRssAndAtom() throws Exception {
        w.site.serve("/merchant.xml", "application/rss+xml",
                """
                        <?xml version="1.0"?>
                        <rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel><title>Shop</title>
                        <item><g:id>m1</g:id><title>Lamp</title><description><![CDATA[Warm <b>light</b>]]></description>
                          <link>https://shop/m1</link><g:image_link>https://img/m1.jpg</g:image_link>
                          <g:price>12.99 USD</g:price><g:sale_price>9.99 USD</g:sale_price><g:availability>in stock</g:availability>
                          <g:brand>Lux</g:brand><g:product_type>Home &gt; Lighting</g:product_type><g:gtin>4006381333931</g:gtin></item>
                        <item><g:id>m2</g:id><g:title>Shade</g:title><g:price>5.00 USD</g:price>
                          <g:availability>out of stock</g:availability><g:google_product_category>Home</g:google_product_category></item>
                        </channel></rss>""");
        w.feed("{\"id\":\"gm\",\"kind\":\"merchant\",\"url\":\"%s\"}".formatted(w.site.url("/merchant.xml")));
        assertThat(w.run("gm").counts().created()).isEqualTo(2);
        Item m1 = w.catalog.get(SHOP, "m1");
        assertThat(m1.title()).isEqualTo("Lamp");
        assertThat(m1.description()).isEqualTo("Warm <b>light</b>");
        assertThat(m1.price()).isEqualTo(9.99);
        assertThat(m1.currency()).isEqualTo("USD");
        assertThat(m1.attributes()).containsEntry("regularPrice", "12.99").containsEntry("link", "https://shop/m1")
                .containsEntry("gtin", "4006381333931");
        assertThat(m1.categoryPath()).containsExactly("Home", "Lighting");
        assertThat(m1.brand()).isEqualTo("Lux");
        assertThat(w.catalog.get(SHOP, "m2").inStock()).isFalse();
        assertThat(w.catalog.get(SHOP, "m2").categoryPath()).containsExactly("Home");

        w.site.serve("/atom.xml", "application/atom+xml", """
                <feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
                 <entry><g:id>a1</g:id><title>Atom item</title><summary>Short</summary><link href="https://shop/a1"/>
                  <g:price>3 GBP</g:price></entry></feed>""");
        w.feed("{\"id\":\"atom\",\"kind\":\"merchant\",\"url\":\"%s\"}".formatted(w.site.url("/atom.xml")));
        assertThat(w.run("atom").counts().created()).isEqualTo(1);
        Item a1 = w.catalog.get(SHOP, "a1");
        assertThat(a1.description()).isEqualTo("Short");
        assertThat(a1.currency()).isEqualTo("GBP");
        assertThat(a1.attributes()).containsEntry("link", "https://shop/a1");
    }

    @Test
    void shopifyProductsJsonFollowsPagesAndFoldsVariants() throws Exception {
        w.site.route("/products.json", (ex, hit) -> {
            String q = hit.query() == null ? "" : hit.query();
            String body = q.contains("page=2")
                    ? """
                            {"products":[{"id":2,"title":"Cap","vendor":"Hat Co","variants":[{"price":"15.00","available":false}]}]}"""
                    : q.contains("page=3") ? "{\"products\":[]}"
                            : """
                                    {"products":[{"id":1,"title":"Tee","body_html":"<p>Soft <em>cotton</em></p>","vendor":"Tees",
                                     "product_type":"Shirts","tags":"summer, cotton","handle":"tee",
                                     "images":[{"src":"https://cdn/tee.jpg"}],
                                     "variants":[{"price":"25.00","compare_at_price":"30.00","available":false},
                                                 {"price":"19.00","compare_at_price":"24.00","available":true}]}]}""";
            FakeSite.send(ex, 200, "application/json", body);
        });
        w.feed("""
                {"id":"shopify","kind":"shopify","url":"%s","options":{"currency":"CAD"}}"""
                .formatted(w.site.url("/products.json")));
        FeedReport r = w.run("shopify");
        assertThat(r.counts().created()).isEqualTo(2);
        assertThat(r.pages()).isEqualTo(3);
        Item tee = w.catalog.get(SHOP, "1");
        assertThat(tee.price()).isEqualTo(19.0);
        assertThat(tee.currency()).isEqualTo("CAD");
        assertThat(tee.attributes()).containsEntry("regularPrice", "24.00").containsEntry("variants", "2");
        assertThat(tee.description()).isEqualTo("Soft cotton");
        assertThat(tee.tags()).containsExactly("summer", "cotton");
        assertThat(tee.inStock()).isTrue();
        assertThat(tee.imageUrl()).isEqualTo("https://cdn/tee.jpg");
        assertThat(w.catalog.get(SHOP, "2").inStock()).isFalse();
    }

    @Test
    void shopifyFollowsLinkHeaders() throws Exception {
        w.site.route("/shop/products.json", (ex, hit) -> {
            boolean second = hit.query() != null && hit.query().contains("page_info=next");
            if (!second) {
                ex.getResponseHeaders().add("Link",
                        "<" + w.site.url("/shop/products.json") + "?page_info=next>;" + " rel=\"next\"");
            } else {
                ex.getResponseHeaders().add("Link", "<" + w.site.url("/shop/products.json") + ">; rel=\"previous\"");
            }
            FakeSite.send(ex, 200, "application/json",
                    "{\"products\":[{\"id\":" + (second ? 8 : 7) + ",\"variants\":[{\"price\":\"1.00\"}]}]}");
        });
        w.feed("{\"id\":\"s2\",\"kind\":\"shopify\",\"url\":\"%s\"}".formatted(w.site.url("/shop/products.json")));
        FeedReport r = w.run("s2");
        assertThat(r.pages()).isEqualTo(2);
        assertThat(w.catalog.items(SHOP)).containsOnlyKeys("7", "8");
    }

    @Test
    void jsonLdPagesFromASitemapHonourRobotsTxt() throws Exception {
        w.site.serve("/robots.txt", "text/plain", """
                User-agent: *
                Disallow: /

                User-agent: ShoptideFeeds
                Allow: /p/
                Disallow: /p/private
                """);
        w.site.serve("/sitemap.xml", "application/xml", """
                <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
                 <url><loc>%s</loc></url><url><loc>%s</loc></url><url><loc>%s</loc></url><url><loc>%s</loc></url>
                </urlset>""".formatted(w.site.url("/p/1"), w.site.url("/p/2"), w.site.url("/p/private-3"),
                w.site.url("/p/about")));
        w.site.serve("/p/1", "text/html; charset=utf-8", """
                <html><head><script type="application/ld+json">
                {"@context":"https://schema.org","@type":"Product","sku":"jl-1","name":"Kayak",
                 "brand":{"@type":"Brand","name":"River"},"image":["https://img/k1.jpg"],"category":"Outdoor",
                 "offers":{"@type":"Offer","price":"499.00","priceCurrency":"EUR",
                           "availability":"https://schema.org/InStock"}}
                </script></head><body>Kayak</body></html>""");
        w.site.serve("/p/2", "text/html",
                """
                        <html><head><script type="application/ld+json">
                        {"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
                         {"@type":["Product"],"productID":"jl-2","name":"Paddle","offers":{"@type":"AggregateOffer",
                          "lowPrice":29.5,"highPrice":40,"priceCurrency":"EUR","availability":"https://schema.org/OutOfStock"}}]}
                        </script></head></html>""");
        w.site.serve("/p/private-3", "text/html", "<html>secret</html>");
        w.site.serve("/p/about", "text/html", "<html><body>About us</body></html>");
        w.feed("{\"id\":\"ld\",\"kind\":\"jsonld\",\"url\":\"%s\"}".formatted(w.site.url("/sitemap.xml")));
        FeedReport r = w.run("ld");
        assertThat(r.outcome()).isEqualTo(FeedReport.Outcome.SUCCESS);
        assertThat(w.catalog.items(SHOP)).containsOnlyKeys("jl-1", "jl-2");
        Item k = w.catalog.get(SHOP, "jl-1");
        assertThat(k.price()).isEqualTo(499.0);
        assertThat(k.brand()).isEqualTo("River");
        assertThat(k.imageUrl()).isEqualTo("https://img/k1.jpg");
        assertThat(w.catalog.get(SHOP, "jl-2").price()).isEqualTo(29.5);
        assertThat(w.catalog.get(SHOP, "jl-2").inStock()).isFalse();
        assertThat(w.site.hits("/p/private-3")).isEmpty();
        assertThat(w.site.hits("/robots.txt")).hasSize(1);
        assertThat(r.warnings()).extracting(FeedError::message).containsExactlyInAnyOrder(
                "skipped: robots.txt disallows it", "skipped: no schema.org Product in the page's JSON-LD");
        assertThat(r.warnings()).extracting(FeedError::url).contains(w.site.url("/p/private-3"));
        // the crawler identifies itself
        assertThat(w.site.hits("/p/1").get(0).header("User-Agent")).startsWith("ShoptideFeeds/");
    }

    @Test
    void authHeaderComesFromTheSecretReference() throws Exception {
        try (FeedWorld secured = new FeedWorld(FeedWorld.fast(), Map.of("FEED_TOKEN", "s3cr3t"))) {
            secured.site.route("/private.json", (ex, hit) -> FakeSite.send(ex,
                    "s3cr3t".equals(hit.header("X-Api-Key")) ? 200 : 401, "application/json", "[{\"id\":\"x\"}]"));
            secured.feed("""
                    {"id":"p","kind":"json","url":"%s","options":{"auth":{"header":"X-Api-Key",
                     "secret":"env:FEED_TOKEN"}}}""".formatted(secured.site.url("/private.json")));
            assertThat(secured.run("p").outcome()).isEqualTo(FeedReport.Outcome.SUCCESS);
            assertThat(secured.catalog.items(SHOP)).containsOnlyKeys("x");
            // the stored definition holds the reference, never the value
            assertThat(FeedDefinitions.toJson(secured.definitions.get(SHOP, "p").orElseThrow()).toString())
                    .contains("env:FEED_TOKEN").doesNotContain("s3cr3t");

            secured.feed("""
                    {"id":"q","kind":"json","url":"%s","options":{"auth":{"header":"X-Api-Key",
                     "secret":"env:MISSING"}}}""".formatted(secured.site.url("/private.json")));
            FeedReport r = secured.run("q");
            assertThat(r.outcome()).isEqualTo(FeedReport.Outcome.FAILURE);
            assertThat(r.errors()).extracting(FeedError::message)
                    .containsExactly("the secret env:MISSING of header X-Api-Key is not set on this server");
        }
    }
}
