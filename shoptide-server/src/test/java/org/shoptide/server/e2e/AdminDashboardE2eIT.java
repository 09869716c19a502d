package org.shoptide.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;
import org.shoptide.server.http.Json;

/**
 * The operator dashboard in headless Chromium against a real server with a slice of the demo data: log in, find a
 * visitor's timeline, create and start an experiment and see its charts drawn; wrong passwords, the lockout, a missing
 * CSRF token and a publishable key are refused. Screenshots of overview, customer timeline and experiment page are kept
 * under {@code target/e2e-screenshots/}.
 */
class AdminDashboardE2eIT {
    static final String PASSWORD = "e2e operator password";
    static final String VISITOR = "e2e-visitor-42";
    static E2eShop shop;
    static List<String> itemIds;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startShop() {
        E2eBrowser.assumeInstalled();
        shop = E2eShop.start(3_000, Map.of());
        shop.server.admin().accounts().create("ops", PASSWORD);
        shop.server.admin().accounts().create("ops-lockout", PASSWORD);
        itemIds = shop.engine().items(E2eShop.DEMO, null, 5).items().stream().map(i -> i.id()).toList();
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    JsonNode call(String method, String path, String key, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(shop.url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return Json.MAPPER.readTree(r.body());
    }

    static void logIn(E2eBrowser browser, String username, String password) {
        browser.open(shop.url("/admin"));
        await(browser, "the login form", d -> d.getCurrentUrl().contains("/admin/login"));
        WebDriver d = browser.driver();
        d.findElement(By.id("username")).sendKeys(username);
        d.findElement(By.id("password")).sendKeys(password);
        d.findElement(By.id("login-submit")).click();
    }

    /** Waits like {@link E2eBrowser#waitUntil}; on a timeout, saves a screenshot and names the page's status line. */
    static <T> T await(E2eBrowser browser, String what, java.util.function.Function<WebDriver, T> condition) {
        try {
            return browser.waitUntil(10, condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            browser.screenshot("failed-" + what.replace(' ', '-'));
            throw new AssertionError(
                    "timed out waiting for " + what + " on " + browser.driver().getCurrentUrl() + "; page status: '"
                            + browser.script("const s = document.getElementById('status');"
                                    + " return s ? s.textContent : document.body.innerText.substring(0, 300)")
                            + "'",
                    e);
        }
    }

    /** Painted (non-transparent) pixels of a Chart.js canvas; 0 when no chart is attached to it. */
    static long paintedPixels(E2eBrowser browser, String canvasId) {
        Object n = browser.script("""
                const c = document.getElementById(arguments[0]);
                if (!c || !window.Chart || !Chart.getChart(c)) return 0;
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
                return n;
                """, canvasId);
        return ((Number) n).longValue();
    }

    @Test
    void operatorLogsInFindsAVisitorsTimelineAndSeesAnExperimentsChart() throws Exception {
        // a visitor browses: three views and an add-to-cart through the public API, as a shop's page would send them
        StringBuilder events = new StringBuilder("[");
        for (int i = 0; i < 3; i++) {
            events.append("{\"type\":\"view\",\"anonymousId\":\"").append(VISITOR).append("\",\"itemId\":\"")
                    .append(itemIds.get(i)).append("\"},");
        }
        events.append("{\"type\":\"add_to_cart\",\"anonymousId\":\"").append(VISITOR).append("\",\"itemId\":\"")
                .append(itemIds.get(0)).append("\",\"value\":2}]");
        assertThat(call("POST", "/v1/events", shop.keys.publishable(), events.toString()).get("accepted").asInt())
                .isEqualTo(4);
        call("GET", "/v1/recommendations?scenario=user&anonymousId=" + VISITOR + "&n=5", shop.keys.publishable(), null);

        try (E2eBrowser browser = E2eBrowser.start()) {
            logIn(browser, "ops", PASSWORD);
            await(browser, "the overview", d -> d.getCurrentUrl().endsWith("/admin/overview"));
            await(browser, "the events chart", d -> paintedPixels(browser, "chart-events") > 0);
            assertThat(paintedPixels(browser, "chart-recs")).isPositive();
            assertThat(paintedPixels(browser, "chart-models")).isPositive();
            await(browser, "the model card", d -> d.findElement(By.id("card-model")).getText().contains("v1"));
            assertThat(Files.size(browser.screenshot("admin-overview"))).isPositive();

            browser.driver().findElement(By.cssSelector("a[data-nav=customers]")).click();
            await(browser, "the customer browser", d -> d.getCurrentUrl().endsWith("/admin/customers"));
            browser.driver().findElement(By.id("visitor")).sendKeys(VISITOR);
            browser.driver().findElement(By.id("customer-go")).click();
            // the four events, and the exposure (impression set) the engine logged for the recommendation it served
            await(browser, "the timeline", d -> d.findElements(By.cssSelector("#timeline tbody tr")).size() >= 4);
            String timeline = browser.driver().findElement(By.id("timeline")).getText();
            assertThat(timeline).contains("add_to_cart", "view", itemIds.get(0), itemIds.get(1), itemIds.get(2));
            await(browser, "the recommendations", d -> d.findElements(By.cssSelector("#recs tbody tr td")).size() > 1);
            assertThat(browser.driver().findElement(By.id("rec-meta")).getText()).contains("model v1");
            assertThat(Files.size(browser.screenshot("admin-customer-timeline"))).isPositive();

            browser.driver().findElement(By.cssSelector("a[data-nav=experiments]")).click();
            await(browser, "the experiments page", d -> d.getCurrentUrl().endsWith("/admin/experiments"));
            browser.driver().findElement(By.cssSelector("#create summary")).click();
            browser.driver().findElement(By.id("create-experiment")).click();
            await(browser, "the new draft", d -> !d.findElements(By.cssSelector("button[data-start]")).isEmpty());
            browser.driver().findElement(By.cssSelector("button[data-start]")).click();
            await(browser, "the running experiment",
                    d -> !d.findElements(By.cssSelector("button[data-stop]")).isEmpty());

            // traffic under the experiment: each user gets recommendations and clicks the first one
            for (int u = 0; u < 30; u++) {
                JsonNode rec = call("GET", "/v1/recommendations?scenario=user&userId=e2e-user-" + u + "&n=5",
                        shop.keys.publishable(), null);
                assertThat(rec.path("experiment").path("variant").asText()).isNotEmpty();
                if (u % 2 == 0) {
                    call("POST", "/v1/events", shop.keys.publishable(),
                            "{\"type\":\"click\",\"userId\":\"e2e-user-" + u + "\",\"itemId\":\""
                                    + rec.get("items").get(0).get("itemId").asText()
                                    + "\",\"context\":{\"recommendationId\":\"" + rec.get("recommendationId").asText()
                                    + "\"}}");
                }
            }
            browser.driver().findElement(By.cssSelector("button[data-open]")).click();
            await(browser, "the CTR chart", d -> paintedPixels(browser, "chart-ctr") > 0);
            assertThat(paintedPixels(browser, "chart-rpv")).isPositive();
            Object bars = browser
                    .script("return Chart.getChart(document.getElementById('chart-ctr')).data.datasets[1].data.length");
            assertThat(((Number) bars).intValue()).isEqualTo(2);
            assertThat(browser.driver().findElement(By.id("variants")).getText()).contains("control", "blend");
            browser.script("document.getElementById('results').scrollIntoView()");
            assertThat(Files.size(browser.screenshot("admin-experiment"))).isPositive();

            // the business page: a purchase of a recommended item shows as revenue attributed to recommendations
            JsonNode rec = call("GET", "/v1/recommendations?scenario=user&userId=e2e-buyer&n=3",
                    shop.keys.publishable(), null);
            call("POST", "/v1/events", shop.keys.publishable(),
                    "{\"type\":\"purchase\",\"userId\":\"e2e-buyer\",\"orderId\":\"e2e-o1\",\"lineItems\":[{\"itemId\":\""
                            + rec.get("items").get(0).get("itemId").asText()
                            + "\",\"price\":12.5,\"quantity\":2,\"currency\":\"GBP\"}],\"context\":{\"recommendationId\":\""
                            + rec.get("recommendationId").asText() + "\"}}");
            browser.driver().findElement(By.cssSelector("a[data-nav=business]")).click();
            await(browser, "the business page", d -> d.getCurrentUrl().contains("/admin/business"));
            await(browser, "the revenue chart", d -> paintedPixels(browser, "chart-revenue") > 0);
            await(browser, "the revenue card", d -> d.findElement(By.id("card-revenue")).getText().contains("£"));
            assertThat(browser.driver().findElement(By.id("card-recs")).getText()).contains("%");
            Object attributed = browser.script("const c = Chart.getChart(document.getElementById('chart-revenue'));"
                    + " const d = c.data.datasets[1].data; return d[d.length - 1];");
            assertThat(((Number) attributed).doubleValue()).isGreaterThanOrEqualTo(25.0);
            assertThat(browser.driver().findElement(By.id("running")).getText()).contains("control", "blend");
            assertThat(Files.size(browser.screenshot("admin-business"))).isPositive();

            // the models page lists the training run with its offline metrics
            browser.driver().findElement(By.cssSelector("a[data-nav=models]")).click();
            await(browser, "the training runs", d -> d.findElements(By.cssSelector("#models tbody tr td")).size() > 1);
            String runs = browser.driver().findElement(By.id("models")).getText();
            assertThat(runs).contains("v1", "events = ");
            // every eval.* key the training run stored is shown (a tiny slice may have too few users to evaluate)
            shop.engine().currentModel(E2eShop.DEMO).orElseThrow().metadata().forEach((k, v) -> {
                if (k.startsWith("eval.")) {
                    assertThat(runs).contains(k + " = " + v);
                }
            });
        }
    }

    /** A secret-key call with a fresh Idempotency-Key (trade and assistant writes). */
    JsonNode secret(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(shop.url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + shop.keys.secret())
                .header("Idempotency-Key", UUID.randomUUID().toString()).header("Content-Type", "application/json");
        b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void operatorSeesAnOrderWithItsPaymentAndAConversationsTranscript() throws Exception {
        var priced = shop.engine().items(E2eShop.DEMO, null, 200).items().stream()
                .filter(i -> i.price() != null && i.currency() != null).limit(2).toList();
        assertThat(priced).as("priced demo items").hasSize(2);
        JsonNode order = secret("POST", "/v1/orders",
                "{\"userId\":\"e2e-orders-<b>\",\"lines\":[{\"itemId\":\"" + priced.get(0).id()
                        + "\",\"quantity\":2},{\"itemId\":\"" + priced.get(1).id()
                        + "\",\"quantity\":1}],\"returnUrl\":\"https://shop.test/done\"}");
        String orderId = order.get("orderId").asText();
        JsonNode payment = secret("POST", "/v1/orders/" + orderId + "/payments", "{\"channel\":\"page\"}");
        JsonNode conversation = secret("POST", "/v1/conversations",
                "{\"userId\":\"e2e-talker\",\"message\":\"show me something under 50\"}");
        String conversationId = conversation.get("conversationId").asText();

        try (E2eBrowser browser = E2eBrowser.start()) {
            logIn(browser, "ops", PASSWORD);
            await(browser, "the overview", d -> d.getCurrentUrl().endsWith("/admin/overview"));

            browser.driver().findElement(By.cssSelector("a[data-nav=orders]")).click();
            await(browser, "the orders page", d -> d.getCurrentUrl().endsWith("/admin/orders"));
            await(browser, "the order row", d -> d.findElement(By.id("orders")).getText().contains(orderId));
            // printed as text: the customer id's markup is not interpreted
            assertThat(browser.driver().findElement(By.id("orders")).getText()).contains("e2e-orders-<b>",
                    "awaiting_payment");
            assertThat(browser.driver().findElements(By.cssSelector("#orders b"))).isEmpty();
            browser.driver().findElement(By.linkText(orderId)).click();
            await(browser, "the order detail",
                    d -> d.findElement(By.id("order-payments")).getText().contains(payment.get("paymentId").asText()));
            String detail = browser.driver().findElement(By.id("order-detail")).getText();
            assertThat(detail).contains(priced.get(0).id(), priced.get(1).id(), "created", "awaiting_payment");
            assertThat(browser.driver().findElement(By.id("order-totals")).getText()).contains("Total");
            assertThat(Files.size(browser.screenshot("admin-orders"))).isPositive();
            // bad input to the admin API: problem JSON, never a 5xx
            String api = "/admin/api/shops/" + E2eShop.DEMO.value();
            assertThat(statusOf(browser, api + "/orders?status=lost")).isEqualTo(400);
            assertThat(statusOf(browser, api + "/orders?limit=0")).isEqualTo(400);
            assertThat(statusOf(browser, api + "/orders/no-such-order")).isEqualTo(404);
            assertThat(statusOf(browser, api + "/conversations/no-such-conversation")).isEqualTo(404);
            assertThat(statusOf(browser, "/admin/api/shops/no-such-shop/orders")).isEqualTo(404);
            // the status filter: no paid orders yet
            new Select(browser.driver().findElement(By.id("order-status"))).selectByVisibleText("paid");
            browser.driver().findElement(By.cssSelector("#order-filter button")).click();
            await(browser, "the filtered list", d -> d.findElement(By.id("orders")).getText().contains("No orders."));

            browser.driver().findElement(By.cssSelector("a[data-nav=conversations]")).click();
            await(browser, "the conversations page", d -> d.getCurrentUrl().endsWith("/admin/conversations"));
            await(browser, "the conversation row",
                    d -> d.findElement(By.id("conversations")).getText().contains(conversationId));
            assertThat(browser.driver().findElement(By.id("conversations")).getText()).contains("e2e-talker");
            browser.driver().findElement(By.linkText(conversationId)).click();
            await(browser, "the transcript", d -> d.findElements(By.cssSelector("#turns tbody tr td")).size() > 1);
            String turns = browser.driver().findElement(By.id("turns")).getText();
            assertThat(turns).contains("show me something under 50",
                    conversation.path("turn").path("outcome").asText("answer"));
            assertThat(Files.size(browser.screenshot("admin-conversation"))).isPositive();
        }
    }

    /** The status of a GET from the logged-in page (its session cookie). */
    static int statusOf(E2eBrowser browser, String path) {
        return ((Number) browser.script(
                "return fetch(arguments[0], {headers: {'Accept': 'application/json'}})" + ".then(r => r.status)", path))
                        .intValue();
    }

    @Test
    void wrongPasswordsShowAnErrorAndTheSixthAttemptIsLocked() {
        try (E2eBrowser browser = E2eBrowser.start()) {
            for (int i = 1; i <= 5; i++) {
                logIn(browser, "ops-lockout", "not the password " + i);
                String error = await(browser, "the login error",
                        d -> d.findElements(By.id("login-error")).isEmpty() ? null
                                : d.findElement(By.id("login-error")).getText());
                assertThat(error).as("attempt %d", i).isEqualTo("Wrong username or password.");
            }
            logIn(browser, "ops-lockout", PASSWORD);
            String error = await(browser, "the login error", d -> d.findElements(By.id("login-error")).isEmpty() ? null
                    : d.findElement(By.id("login-error")).getText());
            assertThat(error).contains("locked");
            assertThat(browser.driver().getCurrentUrl()).doesNotContain("/admin/overview");
        }
    }

    @Test
    void aCallWithoutCsrfTokenAndAPublishableKeyAreRefused() {
        try (E2eBrowser browser = E2eBrowser.start()) {
            logIn(browser, "ops", PASSWORD);
            await(browser, "the overview", d -> d.getCurrentUrl().endsWith("/admin/overview"));
            // in the logged-in page (session cookie sent): a state change without the token is refused
            Object noCsrf = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    fetch('/admin/api/shops/demo/rules', {method: 'PUT', headers: {'Content-Type': 'application/json'},
                        body: '{"rules": []}'})
                      .then(r => r.json().then(j => done(r.status + ' ' + j.type))).catch(e => done(String(e)));
                    """);
            assertThat(noCsrf).isEqualTo("403 https://shoptide.org/problems/csrf");
            Object withKey = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                    const key = arguments[0], done = arguments[arguments.length - 1];
                    fetch('/admin/api/shops', {headers: {Authorization: 'Bearer ' + key}})
                      .then(r => r.json().then(j => done(r.status + ' ' + j.detail))).catch(e => done(String(e)));
                    """, shop.keys.publishable());
            assertThat(String.valueOf(withKey)).startsWith("403 ").contains("does not accept API keys");
            assertThat(shop.engine().shop(E2eShop.DEMO)).isPresent();
        }
    }
}
