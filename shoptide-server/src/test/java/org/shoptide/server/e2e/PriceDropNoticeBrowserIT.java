package org.shoptide.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.server.http.Json;

/**
 * The price-drop notice of tracker.js in headless Chromium against a real server: a visitor viewed an item, the shop
 * lowers its price, and {@code Shoptide.priceDrops(container)} shows the drop with the old and new price; dismissing it
 * removes it and the server no longer lists it.
 */
class PriceDropNoticeBrowserIT {
    static E2eShop shop;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        E2eBrowser.assumeInstalled();
        shop = E2eShop.start(3_000, java.util.Map.of());
        shop.engine().updateShop(E2eShop.DEMO, new ShopUpdate(null, null, null, null, null, false));
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void aVisitorSeesAndDismissesTheDropOfAnItemTheyViewed() throws Exception {
        Item item = shop.engine().items(E2eShop.DEMO, null, 200).items().stream()
                .filter(i -> i.inStock() && i.price() != null && i.price() >= 2 && i.currency() != null).findFirst()
                .orElseThrow();
        try (E2eBrowser b = E2eBrowser.start()) {
            b.open(shop.url("/demo/demo"));
            String visitor = b.waitUntil(10, d -> (String) b.script("return Shoptide.visitorId()"));
            // the visit, through the engine so it is in the realtime state (and the interest index) before the drop
            shop.engine().ingest(E2eShop.DEMO, List.of(new Event("pd-view-1", EventType.VIEW, null, null, visitor, null,
                    Instant.now(), item.id(), null, null, null, null, null, null, null)));
            double lower = Math.floor(item.price() * 0.7 * 100) / 100;
            shop.engine().upsertItems(E2eShop.DEMO,
                    List.of(new Item(item.id(), item.title(), item.description(), lower, item.currency(), item.brand(),
                            item.categoryPath(), item.attributes(), item.tags(), true, item.imageUrl(), null)),
                    Engine.SOURCE_IMPORT); // the demo's prices came from the importer: the same series drops
            assertThat(notifications(visitor)).as("the visitor's unseen drops").hasSize(1);

            b.script("document.body.insertAdjacentHTML('afterbegin', '<div id=\"drops\"></div>');"
                    + " Shoptide.priceDrops('#drops', {title: function (id) { return 'Item ' + id; }});");
            WebElement notice = b.waitUntil(10, d -> d.findElement(By.cssSelector("#drops .shoptide-notice")));
            assertThat(notice.getText()).contains("Item " + item.id()).contains("is now").contains("was")
                    .contains("-30%");
            b.screenshot("price-drop-notice");
            notice.findElement(By.cssSelector(".shoptide-notice-close")).click();
            b.waitUntil(5, d -> d.findElements(By.cssSelector("#drops .shoptide-notice")).isEmpty());
            b.waitUntil(10, d -> notifications(visitor).isEmpty() ? Boolean.TRUE : null);
        }
    }

    /** The visitor's unseen drops, read with the shop's publishable key as the tracker does. */
    static List<String> notifications(String visitor) {
        try {
            HttpResponse<String> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(shop.url("/v1/notifications?anonymousId=" + visitor)))
                            .header("Authorization", "Bearer " + shop.keys.publishable()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            return Json.MAPPER.readTree(r.body()).path("notifications").findValuesAsText("id");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
