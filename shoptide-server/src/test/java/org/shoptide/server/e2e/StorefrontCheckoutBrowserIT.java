package org.shoptide.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.shoptide.server.http.Json;
import org.shoptide.server.storefront.Storefront;
import org.shoptide.trade.Money;

/**
 * The demo storefront's real checkout in headless Chromium: a visitor adds a product to the cart, checks out, pays on
 * the sandbox's hosted page and lands on the storefront's confirmation page with status paid; the order, priced by
 * trade, is in {@code GET /v1/orders} of the visitor, in their account page, and a monthly budget set there shows what
 * the order spent.
 */
class StorefrontCheckoutBrowserIT {
    static E2eShop shop;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        E2eBrowser.assumeInstalled();
        // the sandbox's payment page lives at the server's public URL, so the server needs a known port
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        shop = E2eShop.start(20_000,
                Map.of("http.port", String.valueOf(port), "payment.public-url", "http://127.0.0.1:" + port));
    }

    @AfterAll
    static void stop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void visitorPaysForTheCartOnTheSandboxPageAndSeesThePaidOrder() throws Exception {
        try (E2eBrowser b = E2eBrowser.start()) {
            b.open(shop.url("/demo/demo"));
            String visitor = b.waitUntil(10, d -> (String) b.script("return Shoptide.visitorId()"));
            b.driver().findElement(By.cssSelector(".categories a")).click();
            b.waitUntil(10, d -> d.findElements(By.cssSelector("#listing .card a")).size() > 0);
            b.driver().findElement(By.cssSelector("#listing .card a")).click();
            WebElement product = b.waitUntil(10, d -> d.findElement(By.id("product")));
            String itemId = product.getAttribute("data-item-id");
            String currency = product.getAttribute("data-currency");
            long unitMinor = Money.toMinor(Double.valueOf(product.getAttribute("data-price")), currency);
            b.driver().findElement(By.id("add-to-cart")).click();
            b.waitUntil(5, d -> d.findElement(By.id("added")).isDisplayed());
            b.driver().findElement(By.id("add-to-cart")).click();
            b.waitUntil(5, d -> "2".equals(d.findElement(By.id("cart-count")).getText()));

            b.open(shop.url("/demo/demo/checkout"));
            b.waitUntil(10, d -> d.findElement(By.id("place-order")).isEnabled());
            b.driver().findElement(By.id("place-order")).click();
            b.waitUntil(10,
                    d -> d.getCurrentUrl().contains("/sandbox/pay/") && !d.findElements(By.id("pay")).isEmpty());
            assertThat(b.driver().findElement(By.id("amount")).getText())
                    .isEqualTo(Money.format(2 * unitMinor, currency));
            b.screenshot("storefront-sandbox-pay");
            b.driver().findElement(By.id("pay")).click();

            b.waitUntil(10, d -> d.getCurrentUrl().contains("/demo/demo/order/")
                    && !d.findElements(By.id("order-status")).isEmpty());
            String status = b.waitUntil(15, (WebDriver d) -> {
                String s = d.findElement(By.id("order-status")).getText();
                if (!"paid".equals(s)) {
                    d.navigate().refresh();
                    return null;
                }
                return s;
            });
            assertThat(status).isEqualTo("paid");
            String orderId = b.driver().findElement(By.id("order-id")).getText();
            assertThat(b.driver().findElements(By.cssSelector("#order-lines tr"))).hasSize(1);
            assertThat(b.driver().findElement(By.id("order-lines")).getText()).contains("× 2");
            assertThat(b.driver().findElement(By.id("order-total")).getText())
                    .isEqualTo(Money.format(2 * unitMinor, currency));
            assertThat(b.driver().findElement(By.id("cart-count")).getText()).isEqualTo("0");
            b.screenshot("storefront-order-paid");

            JsonNode orders = get("/v1/orders?userId=" + Storefront.url(visitor));
            assertThat(orders.path("orders")).hasSize(1);
            JsonNode order = orders.path("orders").get(0);
            assertThat(order.path("orderId").asText()).isEqualTo(orderId);
            assertThat(order.path("status").asText().toLowerCase(Locale.ROOT)).isEqualTo("paid");
            assertThat(order.path("totalMinor").asLong()).isEqualTo(2 * unitMinor);
            assertThat(order.path("lines").get(0).path("itemId").asText()).isEqualTo(itemId);

            // the account page lists the order; a monthly budget set there shows the order as spent
            b.driver().findElement(By.id("account-link")).click();
            b.waitUntil(10, d -> d.findElements(By.cssSelector("#orders tr[data-order-id]")).size() == 1);
            assertThat(b.driver().findElement(By.cssSelector("#orders .status")).getText()).isEqualTo("paid");
            b.driver().findElement(By.id("budget-amount")).sendKeys("1000000");
            b.driver().findElement(By.id("budget-currency")).clear();
            b.driver().findElement(By.id("budget-currency")).sendKeys(currency);
            b.driver().findElement(By.cssSelector("#budget-form button")).click();
            String budget = b.waitUntil(10, d -> d.findElements(By.cssSelector("#budgets li")).isEmpty() ? null
                    : d.findElement(By.cssSelector("#budgets li")).getText());
            assertThat(budget).contains("month").contains("spent " + Money.format(2 * unitMinor, currency));
            b.screenshot("storefront-account");
        }
    }

    @Test
    void anotherVisitorCannotSeeAnOrderAndBadCheckoutsAreProblems() throws Exception {
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(URI.create(shop.url("/demo/demo/order/ord_x")))
                .header("Cookie", "shoptide_demo_vid=v_nobody").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(404);
        HttpResponse<String> noVisitor = HTTP.send(
                HttpRequest.newBuilder(URI.create(shop.url("/demo/demo/checkout")))
                        .header("Content-Type", "application/json").header("Idempotency-Key", "k1")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"lines\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noVisitor.statusCode()).as(noVisitor.body()).isEqualTo(400);
        HttpResponse<String> noLines = HTTP.send(
                HttpRequest.newBuilder(URI.create(shop.url("/demo/demo/checkout")))
                        .header("Content-Type", "application/json").header("Idempotency-Key", "k2")
                        .header("Cookie", "shoptide_demo_vid=v_somebody")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"lines\":\"nope\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noLines.statusCode()).as(noLines.body()).isEqualTo(400);
        assertThat(get("/v1/orders?userId=v_somebody").path("orders")).isEmpty();
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(shop.url(path)))
                        .header("Authorization", "Bearer " + shop.keys.secret()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }
}
