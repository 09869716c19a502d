package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.server.HttpApiTest.assertProblem;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;
import org.shoptide.server.TestServer.Response;
import org.shoptide.server.storefront.Html;

/** tracker.js serving, the demo storefront's routes, key registry, escaping and consent setting, over HTTP. */
class StorefrontTest {
    static final String EVIL = "<script>alert('x')</script>\"&";
    /** ">" would split the category path, so the category name has only the other special characters. */
    static final String EVIL_CATEGORY = "Evil <i \"&'";
    static TestServer server;
    static String pk;
    static String sk;

    @BeforeAll
    static void start() {
        server = new TestServer();
        Response r = server.post("/v1/shops", TestServer.OPERATOR_KEY,
                "{\"id\":\"shop-s\",\"name\":\"Shop </script><b>S</b>\"}");
        assertThat(r.status()).as(r.text()).isEqualTo(201);
        pk = r.json().get("publishableKey").asText();
        sk = r.json().get("secretKey").asText();
        String items = "[{\"id\":\"mug-1\",\"title\":\"Blue mug\",\"price\":4.5,\"currency\":\"GBP\",\"category\":\"Mugs\"},"
                + "{\"id\":\"x<1>\",\"title\":" + json(EVIL) + ",\"description\":" + json(EVIL)
                + ",\"price\":2,\"currency\":\"GBP\",\"category\":" + json(EVIL_CATEGORY) + "}]";
        assertThat(server.post("/v1/items", sk, items).status()).isEqualTo(200);
    }

    static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void trackerJsIsMinifiedSmallSelfContainedAndCached() {
        Response r = server.get("/tracker.js", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/javascript");
        byte[] bytes = r.text().getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).as("served tracker.js size").isLessThan(10_240);
        // minified: the source's comments are gone, and it defines the public API
        assertThat(r.text()).doesNotContain("/*").contains("Shoptide").contains("sendBeacon")
                .contains("IntersectionObserver");
        // no external references: no absolute URL, protocol-relative URL, import or script loading
        assertThat(r.text()).doesNotContainPattern("https?:").doesNotContain("\"//").doesNotContain("'//")
                .doesNotContain("import(").doesNotContain("importScripts").doesNotContain("createElement(\"script\")")
                .doesNotContain("require(");
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).matches("\"[0-9a-f]{32}\"");
        assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=300");
        Response again = server.send("GET", "/tracker.js", null, null, null, Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.text()).isEmpty();
        Response other = server.send("GET", "/tracker.js", null, null, null, Map.of("If-None-Match", "\"0\""));
        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void staticFilesAreAWhitelist() {
        assertThat(server.get("/static/storefront.js", null).contentType()).startsWith("text/javascript");
        assertThat(server.get("/static/storefront.css", null).contentType()).startsWith("text/css");
        assertProblem(server.get("/static/openapi.json", null), 404);
        assertProblem(server.get("/static/..%2Fopenapi.json", null), 404);
    }

    @Test
    void storefrontWithoutRegisteredKeyIs404Problem() {
        assertProblem(server.get("/demo/shop-unregistered", null), 404);
        assertProblem(server.get("/demo/NOT%20VALID", null), 404);
        assertProblem(server.get("/demo/shop-unregistered/cart", null), 404);
    }

    @Test
    void pagesRenderWithThePublishableKeyAndEscapeCatalogStrings() {
        server.api.storefront().keys().register(ShopId.of("shop-s"), pk);
        Response home = server.get("/demo/shop-s", null);
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.contentType()).startsWith("text/html");
        assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'self'");
        assertThat(home.text()).contains("\"key\":\"" + pk + "\"").doesNotContain(sk)
                .contains("id=\"for-you\" data-scenario=\"user\"").contains("id=\"trending\"")
                .contains("<script src=\"/tracker.js\"></script>");
        // the shop name is escaped in HTML and cannot close the config script block
        assertThat(home.text()).contains("Shop &lt;/script&gt;&lt;b&gt;S&lt;/b&gt;").doesNotContain("<b>S</b>");
        assertThat(home.text().indexOf("</script>", home.text().indexOf("id=\"shoptide-config\"")))
                .isGreaterThan(home.text().indexOf("\"page\":\"home\""));
        assertThat(home.text()).contains("Evil &lt;i &quot;&amp;&#39;").doesNotContain("<i ")
                .doesNotContain("alert('x')");

        Response product = server.get("/demo/shop-s/product/x%3C1%3E", null);
        assertThat(product.status()).as(product.text()).isEqualTo(200);
        assertThat(product.text()).doesNotContain(EVIL).doesNotContain("<script>alert")
                .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;")
                .contains("data-item-id=\"x&lt;1&gt;\"").contains("id=\"similar\" data-scenario=\"item\"");
        assertThat(server.get("/demo/shop-s/product/mug-1", null).text()).contains("£4.50")
                .contains("id=\"add-to-cart\"");

        Response cat = server.get("/demo/shop-s/category/Mugs", null);
        assertThat(cat.status()).isEqualTo(200);
        assertThat(cat.text()).contains("href=\"/demo/shop-s/product/mug-1\"").contains("Blue mug");
        assertThat(server
                .get("/demo/shop-s/category/"
                        + java.net.URLEncoder.encode(EVIL_CATEGORY, StandardCharsets.UTF_8).replace("+", "%20"), null)
                .text()).doesNotContain(EVIL);
        assertThat(server.get("/demo/shop-s/cart", null).text())
                .contains("id=\"complete-cart\" data-scenario=\"cart\"");
        assertThat(server.get("/demo/shop-s/checkout", null).text()).contains("id=\"place-order\"");

        assertProblem(server.get("/demo/shop-s/product/nope", null), 404);
        assertProblem(server.get("/demo/shop-s/category/Nope", null), 404);
        assertProblem(server.get("/demo/shop-s/category/Mugs?page=2", null), 404);
        assertProblem(server.get("/demo/shop-s/category/Mugs?page=x", null), 400);
    }

    @Test
    void consentModeIsAShopSettingThatPagesPassToTheTracker() {
        server.api.storefront().keys().register(ShopId.of("shop-s"), pk);
        assertThat(server.get("/demo/shop-s/cart", null).text()).contains("\"consentRequired\":false");
        Response bad = server.send("PATCH", "/v1/shops/shop-s", sk, "{\"trackingConsentRequired\":\"yes\"}");
        assertProblem(bad, 400);
        assertThat(bad.text()).contains("trackingConsentRequired must be true or false");
        Response on = server.send("PATCH", "/v1/shops/shop-s", sk, "{\"trackingConsentRequired\":true}");
        assertThat(on.status()).as(on.text()).isEqualTo(200);
        assertThat(on.json().get("trackingConsentRequired").asBoolean()).isTrue();
        assertThat(server.get("/demo/shop-s/cart", null).text()).contains("\"consentRequired\":true");
        Response off = server.send("PATCH", "/v1/shops/shop-s", sk, "{\"trackingConsentRequired\":false}");
        assertThat(off.json().get("trackingConsentRequired").asBoolean()).isFalse();
    }

    @Test
    void beaconRequestsCarryThePublishableKeyInTheQueryAndTextPlainJson() {
        String ev = "{\"events\":[{\"eventId\":\"beacon-1\",\"type\":\"view\",\"anonymousId\":\"v1\",\"itemId\":\"mug-1\"}]}";
        Response ok = server.send("POST", "/v1/events?key=" + pk, null, ev, "text/plain;charset=UTF-8");
        assertThat(ok.status()).as(ok.text()).isEqualTo(200);
        assertThat(ok.json().get("accepted").asInt()).isEqualTo(1);
        // a secret key is never accepted from a URL, and secret routes never read ?key=
        Response secret = server.send("POST", "/v1/events?key=" + sk, null, ev, "text/plain");
        assertProblem(secret, 401);
        assertThat(secret.text()).contains("only a publishable key");
        assertProblem(server.get("/v1/items?key=" + sk, null), 401);
        // text/plain stays unsupported for clients that send the key in a header
        assertProblem(server.send("POST", "/v1/events", pk, ev, "text/plain"), 415);
    }
}
