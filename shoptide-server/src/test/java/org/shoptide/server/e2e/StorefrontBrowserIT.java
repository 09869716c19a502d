package org.shoptide.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.server.http.Json;

/**
 * The demo storefront in headless Chromium against a real server on a slice of the UCI demo data: a visitor browses and
 * checks out; impressions and clicks of recommendation widgets arrive as events with their recommendationId and
 * positions; "for you" follows the visits; consent mode stores and sends nothing until consent. Events are read back
 * through {@code GET /v1/events/export} with the shop's secret key. Screenshots of home, product and cart are kept
 * under {@code target/e2e-screenshots/}.
 */
class StorefrontBrowserIT {
    static E2eShop shop;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Export offset after the demo data: the events of these tests come after it. */
    static long firstOffset;

    @BeforeAll
    static void start() throws Exception {
        E2eBrowser.assumeInstalled();
        shop = E2eShop.start();
        firstOffset = Long.parseLong(export(0, 100_000).headers().firstValue("X-Next-From").orElseThrow());
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    @BeforeEach
    void consentOff() {
        shop.engine().updateShop(E2eShop.DEMO, new ShopUpdate(null, null, null, null, null, false));
    }

    // ---------------------------------------------------------------- tests

    @Test
    void visitorBrowsesHomeCategoryProductCartAndCheckout() {
        try (E2eBrowser b = E2eBrowser.start()) {
            b.open(shop.url("/demo/demo"));
            awaitWidget(b, "for-you");
            awaitWidget(b, "trending");
            b.screenshot("storefront-home");
            String visitor = (String) b.script("return Shoptide.visitorId()");
            assertThat(visitor).startsWith("v_");
            assertThat(b.script("return localStorage.getItem('shoptide.vid')")).isEqualTo(visitor);

            b.driver().findElement(By.cssSelector(".categories a")).click();
            b.waitUntil(10, d -> d.findElements(By.cssSelector("#listing .card a")).size() > 0);
            b.driver().findElement(By.cssSelector("#listing .card a")).click();
            WebElement product = b.waitUntil(10, d -> d.findElement(By.id("product")));
            String itemId = product.getAttribute("data-item-id");
            awaitWidget(b, "similar");
            b.screenshot("storefront-product");
            b.driver().findElement(By.id("add-to-cart")).click();
            b.waitUntil(5, d -> d.findElement(By.id("added")).isDisplayed());
            assertThat(b.driver().findElement(By.id("cart-count")).getText()).isEqualTo("1");

            b.driver().findElement(By.id("cart-link")).click();
            b.waitUntil(10, d -> d.findElements(By.cssSelector("#cart-lines tr")).size() == 1);
            awaitWidget(b, "complete-cart");
            b.screenshot("storefront-cart");
            b.driver().findElement(By.id("checkout")).click();
            b.waitUntil(10, d -> d.findElement(By.id("place-order")).isEnabled());
            b.driver().findElement(By.id("place-order")).click();
            // the order and its payment are placed through trade: StorefrontCheckoutBrowserIT pays for it
            b.waitUntil(10, d -> d.getCurrentUrl().contains("/sandbox/pay/"));
            b.screenshot("storefront-checkout");

            List<JsonNode> mine = awaitEvents(e -> fromBrowser(e) && visitor.equals(e.path("anonymousId").asText()),
                    l -> l.stream().anyMatch(e -> e.path("type").asText().equals("add_to_cart")));
            assertThat(mine)
                    .anyMatch(e -> e.path("type").asText().equals("view") && e.path("itemId").asText().equals(itemId));
            assertThat(mine).anyMatch(
                    e -> e.path("type").asText().equals("add_to_cart") && e.path("itemId").asText().equals(itemId));
            // one session, and every event has its own client id
            assertThat(mine.stream().map(e -> e.path("sessionId").asText()).distinct()).hasSize(1);
            assertThat(mine.stream().map(e -> e.path("eventId").asText()).distinct()).hasSize(mine.size());
        }
    }

    @Test
    void impressionsOfVisibleItemsAndClicksCarryRecommendationIdAndPosition() {
        try (E2eBrowser b = E2eBrowser.start()) {
            b.open(shop.url("/demo/demo"));
            awaitWidget(b, "for-you");
            awaitWidget(b, "trending");
            String visitor = (String) b.script("return Shoptide.visitorId()");
            String recId = b.driver().findElement(By.id("trending")).getAttribute("data-recommendation-id");
            // which trending cards are at least half inside the viewport (the carousel scrolls sideways)
            @SuppressWarnings("unchecked")
            List<Object> visible = (List<Object>) b.script("""
                    return [...document.querySelectorAll('#trending [data-position]')].filter(el => {
                      const r = el.getBoundingClientRect();
                      const w = Math.max(0, Math.min(r.right, innerWidth) - Math.max(r.left, 0));
                      const h = Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0));
                      return w * h >= 0.5 * r.width * r.height;
                    }).map(el => el.dataset.position + ':' + el.dataset.itemId);""");
            @SuppressWarnings("unchecked")
            List<Object> all = (List<Object>) b.script(
                    "return [...document.querySelectorAll('#trending [data-position]')].map(el => el.dataset.position + ':' + el.dataset.itemId)");
            assertThat(visible).isNotEmpty();
            assertThat(all.size()).as("some cards are scrolled out of view").isGreaterThan(visible.size());

            List<JsonNode> impressions = awaitEvents(
                    e -> fromBrowser(e) && visitor.equals(e.path("anonymousId").asText())
                            && e.path("type").asText().equals("impression")
                            && recId.equals(e.path("context").path("recommendationId").asText()),
                    l -> shownOf(l).size() >= visible.size());
            assertThat(impressions).allMatch(e -> e.path("context").path("scenario").asText().equals("trending"));
            assertThat(shownOf(impressions))
                    .containsExactlyInAnyOrderElementsOf(visible.stream().map(String::valueOf).toList());

            WebElement second = b.driver().findElement(By.cssSelector("#trending [data-position='2']"));
            String clicked = second.getAttribute("data-item-id");
            second.click();
            b.waitUntil(10, d -> d.findElement(By.id("product")));
            List<JsonNode> clicks = awaitEvents(e -> fromBrowser(e) && visitor.equals(e.path("anonymousId").asText())
                    && e.path("type").asText().equals("click"), l -> !l.isEmpty());
            assertThat(clicks).hasSize(1);
            JsonNode click = clicks.get(0);
            assertThat(click.path("itemId").asText()).isEqualTo(clicked);
            assertThat(click.path("context").path("recommendationId").asText()).isEqualTo(recId);
            assertThat(click.path("properties").path("position").asText()).isEqualTo("2");
        }
    }

    @Test
    void aBatchWhoseAnswerIsLostIsRetriedAndStoredOnce() {
        try (E2eBrowser b = E2eBrowser.start()) {
            b.open(shop.url("/demo/demo/cart"));
            String visitor = (String) b.script("return Shoptide.visitorId()");
            // the first POST /v1/events reaches the server but its answer is "lost" (a network error in the page)
            b.script("""
                    const real = window.fetch;
                    window.__posts = [];
                    window.fetch = function (url, init) {
                      if (!String(url).includes('/v1/events')) return real.apply(this, arguments);
                      const n = window.__posts.length;
                      window.__posts.push(null);
                      return real.apply(this, arguments).then(r => r.clone().json().then(j => {
                        window.__posts[n] = j;
                        if (n === 0) throw new TypeError('connection reset');
                        return r;
                      }));
                    };
                    Shoptide.addToCart('85123A', 2, 2.95);
                    Shoptide.flush();""");
            Object second = b.waitUntil(10, d -> b.script("return window.__posts[1]"));
            assertThat(second).asString().contains("accepted=0").contains("duplicates=1");
            List<JsonNode> carts = awaitEvents(e -> fromBrowser(e) && visitor.equals(e.path("anonymousId").asText())
                    && e.path("type").asText().equals("add_to_cart"), l -> !l.isEmpty());
            assertThat(carts).hasSize(1);
            assertThat(carts.get(0).path("properties").path("quantity").asText()).isEqualTo("2");
            assertThat(carts.get(0).path("properties").path("price").asText()).isEqualTo("2.95");
        }
    }

    @Test
    void forYouChangesAfterTheVisits() {
        try (E2eBrowser b = E2eBrowser.start()) {
            b.open(shop.url("/demo/demo"));
            List<String> before = widgetItems(b, "for-you");
            long christmasBefore = shownInCategory(b, "for-you", "Christmas");
            String visitor = (String) b.script("return Shoptide.visitorId()");
            // visit three products of one category that "for you" did not show
            b.open(shop.url("/demo/demo/category/Christmas"));
            @SuppressWarnings("unchecked")
            List<Object> ids = (List<Object>) b.script(
                    "return [...document.querySelectorAll('#listing .card a')].map(a => decodeURIComponent(a.pathname.split('/').pop()))");
            List<String> visits = ids.stream().map(String::valueOf).filter(id -> !before.contains(id)).limit(3)
                    .toList();
            for (String id : visits) {
                b.open(shop.url("/demo/demo/product/" + id));
                b.waitUntil(10, d -> d.findElement(By.id("product")));
            }
            b.open(shop.url("/demo/demo"));
            awaitEvents(e -> fromBrowser(e) && visitor.equals(e.path("anonymousId").asText())
                    && e.path("type").asText().equals("view"), l -> l.size() >= visits.size());
            // the realtime profile is updated from the event log: reload until the widget reflects it
            List<String> after = b.waitUntil(15, d -> {
                d.navigate().refresh();
                List<String> now = widgetItems(b, "for-you");
                return now.equals(before) ? null : now;
            });
            assertThat(after).isNotEqualTo(before);
            // the visits were Christmas items: the new "for you" leans that way
            assertThat(shownInCategory(b, "for-you", "Christmas")).isGreaterThan(christmasBefore);
            b.screenshot("storefront-for-you-after-visits");
        }
    }

    @Test
    void consentModeStoresAndSendsNothingUntilConsent() throws Exception {
        HttpResponse<String> patch = HTTP.send(HttpRequest.newBuilder(URI.create(shop.url("/v1/shops/demo")))
                .header("Authorization", "Bearer " + shop.keys.secret()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"trackingConsentRequired\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(patch.statusCode()).as(patch.body()).isEqualTo(200);
        try (E2eBrowser b = E2eBrowser.start()) {
            long posts = eventPosts();
            b.open(shop.url("/demo/demo"));
            b.waitUntil(10, d -> d.findElement(By.id("consent")).isDisplayed());
            awaitWidget(b, "trending");
            String itemId = b.driver().findElement(By.cssSelector("#trending [data-position='1']"))
                    .getAttribute("data-item-id");
            b.screenshot("storefront-consent-banner");
            // widgets are seen (impressions queued) and a product is viewed and clicked, across two pages
            b.driver().findElement(By.cssSelector("#trending [data-position='1']")).click();
            b.waitUntil(10, d -> d.findElement(By.id("product")));
            awaitWidget(b, "similar");
            assertNothingStored(b);
            b.open(shop.url("/demo/demo"));
            awaitWidget(b, "for-you");
            assertNothingStored(b);
            assertThat(b.script("return Shoptide.visitorId()")).isNull();
            assertThat(eventPosts()).as("POST /v1/events before consent").isEqualTo(posts);

            b.driver().findElement(By.id("consent-accept")).click();
            String visitor = b.waitUntil(5, d -> (String) b.script("return Shoptide.visitorId()"));
            assertThat(b.script("return localStorage.getItem('shoptide.vid')")).isEqualTo(visitor);
            // after consent the tracker works: a product view arrives with the new visitor id
            b.open(shop.url("/demo/demo/product/" + itemId));
            b.waitUntil(10, d -> d.findElement(By.id("product")));
            b.open(shop.url("/demo/demo"));
            awaitEvents(
                    e -> fromBrowser(e) && visitor.equals(e.path("anonymousId").asText())
                            && e.path("type").asText().equals("view") && itemId.equals(e.path("itemId").asText()),
                    l -> !l.isEmpty());
            assertThat(eventPosts()).isGreaterThan(posts);

            // withdrawing consent forgets the ids
            b.script("Shoptide.consent(false)");
            assertThat(b.script("return Object.keys(localStorage).filter(k => k.startsWith('shoptide.'))"))
                    .asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        } finally {
            shop.engine().updateShop(E2eShop.DEMO, new ShopUpdate(null, null, null, null, null, false));
        }
    }

    // ---------------------------------------------------------------- helpers

    static void assertNothingStored(E2eBrowser b) {
        assertThat(b.script("return document.cookie")).isEqualTo("");
        assertThat(b.script("return localStorage.length")).isEqualTo(0L);
        assertThat(b.script("return sessionStorage.length")).isEqualTo(0L);
        assertThat(b.driver().manage().getCookies()).isEmpty();
    }

    /** Waits until the widget rendered its answer. */
    static void awaitWidget(E2eBrowser b, String id) {
        String state = b.waitUntil(15, d -> d.findElement(By.id(id)).getAttribute("data-loaded"));
        assertThat(state).as("widget " + id).isEqualTo("true");
    }

    static List<String> widgetItems(E2eBrowser b, String id) {
        awaitWidget(b, id);
        return b.driver().findElements(By.cssSelector("#" + id + " [data-item-id]")).stream()
                .map(e -> e.getAttribute("data-item-id")).toList();
    }

    /** The widget's cards whose category (shown by the shop's template) is {@code category}. */
    static long shownInCategory(E2eBrowser b, String id, String category) {
        return b.driver().findElements(By.cssSelector("#" + id + " [data-item-id] .thumb")).stream()
                .filter(e -> e.getText().equalsIgnoreCase(category)).count();
    }

    /** Sent by tracker.js, not the exposure the server logs itself when it answers a recommendation request. */
    static boolean fromBrowser(JsonNode e) {
        return !"server".equals(e.path("properties").path("source").asText());
    }

    static List<String> shownOf(List<JsonNode> impressions) {
        List<String> out = new ArrayList<>();
        impressions.forEach(e -> e.path("shown")
                .forEach(s -> out.add(s.path("position").asInt() + ":" + s.path("itemId").asText())));
        return out;
    }

    /** POST /v1/events requests the server has answered, whatever their status. */
    static long eventPosts() {
        return shop.server.api().metrics().registry().find("shoptide.http.requests").tag("method", "POST")
                .tag("route", "/v1/events").timers().stream().mapToLong(Timer::count).sum();
    }

    /** Polls the export (no fixed sleep) until the matching events of this test satisfy {@code done}. */
    static List<JsonNode> awaitEvents(Predicate<JsonNode> match, Predicate<List<JsonNode>> done) {
        long deadline = System.nanoTime() + 15_000_000_000L;
        List<JsonNode> found = List.of();
        while (System.nanoTime() < deadline) {
            found = new ArrayList<>();
            for (String line : export(firstOffset, 100_000).body().split("\n")) {
                if (!line.isBlank()) {
                    JsonNode e = readJson(line);
                    if (match.test(e)) {
                        found.add(e);
                    }
                }
            }
            if (done.test(found)) {
                return found;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("events did not arrive in 15 s; matching so far: " + found);
    }

    static HttpResponse<String> export(long from, int limit) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(shop.url("/v1/events/export?from=" + from + "&limit=" + limit)))
                            .header("Authorization", "Bearer " + shop.keys.secret()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode readJson(String s) {
        try {
            return Json.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

}
