package org.shoptide.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqliteJobStore;
import org.shoptide.jobs.JobKind;
import org.shoptide.jobs.JobListener;
import org.shoptide.jobs.JobScheduler;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.ShopCredentials;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.InMemoryEngine;
import org.shoptide.server.admin.auth.AdminAccounts;
import org.shoptide.server.admin.auth.AdminSessions;
import org.shoptide.server.admin.auth.PasswordHasher;
import org.shoptide.server.http.HttpApi;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.OperatorKey;
import org.shoptide.testing.fake.InMemoryAdminAccountStore;
import org.shoptide.testing.fake.InMemoryCustomerTokenKeyStore;
import org.shoptide.testing.fake.InMemoryModelStore;

/** The dashboard's security model over real HTTP: login, lockout, session cookie, CSRF and API-key refusal. */
class AdminHttpTest {
    static final String OPERATOR_KEY = "op-admin-test-0123456789";
    static final String PASSWORD = "a long enough password";
    static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    InMemoryEngine memory;
    Engine engine;
    HttpApi api;
    AdminConsole console;
    ShopCredentials shop;
    int port;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        List<String> cookies() {
            return headers.allValues("Set-Cookie");
        }

        String cookie(String name) {
            for (String c : cookies()) {
                if (c.startsWith(name + "=")) {
                    return c.substring(name.length() + 1, c.indexOf(';'));
                }
            }
            return null;
        }
    }

    @BeforeEach
    void start() {
        memory = new InMemoryEngine(Clock.systemUTC());
        engine = memory.engine;
        shop = engine.createShop(ShopId.of("shop1"), "Shop One");
        api = new HttpApi(engine, OperatorKey.ofPlaintext(OPERATOR_KEY), memory.log::replay, Clock.systemUTC(),
                "127.0.0.1", 0, 1_000_000, 10, List.of("*"), 0, new InMemoryCustomerTokenKeyStore());
        AdminAccounts accounts = new AdminAccounts(new InMemoryAdminAccountStore(), new PasswordHasher(64, 1, 1),
                Clock.systemUTC(), 5, Duration.ofMinutes(15), Duration.ofMinutes(15));
        accounts.create("ops", PASSWORD);
        console = new AdminConsole(engine, new InMemoryModelStore(Clock.systemUTC()), accounts,
                new AdminSessions(Clock.systemUTC(), Duration.ofMinutes(30), Duration.ofHours(12)), api, false);
        api.extend(console::register);
        port = api.start();
    }

    @AfterEach
    void stop() {
        api.close();
        memory.close();
    }

    Response send(String method, String path, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        headers.forEach(b::header);
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String form(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return b.toString();
    }

    /** GETs the login form and posts it with these credentials; returns the answer. */
    Response login(String username, String password) {
        Response page = send("GET", "/admin/login", Map.of(), null);
        assertThat(page.status()).isEqualTo(200);
        Matcher m = CSRF_FIELD.matcher(page.body());
        assertThat(m.find()).isTrue();
        String pre = page.cookie(AdminConsole.LOGIN_COOKIE);
        assertThat(pre).isEqualTo(m.group(1));
        Map<String, String> f = new LinkedHashMap<>();
        f.put("csrf", m.group(1));
        f.put("username", username);
        f.put("password", password);
        return send("POST", "/admin/login", Map.of("Content-Type", "application/x-www-form-urlencoded", "Cookie",
                AdminConsole.LOGIN_COOKIE + "=" + pre), form(f));
    }

    /** Logs in and returns the session cookie header value and the CSRF token. */
    String[] session() {
        Response r = login("ops", PASSWORD);
        assertThat(r.status()).isEqualTo(303);
        String cookie = AdminConsole.SESSION_COOKIE + "=" + r.cookie(AdminConsole.SESSION_COOKIE);
        Response s = send("GET", "/admin/api/session", Map.of("Cookie", cookie), null);
        assertThat(s.status()).isEqualTo(200);
        return new String[] { cookie, s.json().get("csrfToken").asText() };
    }

    @Test
    void loginSetsAHardenedSessionCookieAndOpensTheApi() {
        Response r = login("ops", PASSWORD);
        assertThat(r.status()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).contains("/admin/overview");
        String set = r.cookies().stream().filter(c -> c.startsWith(AdminConsole.SESSION_COOKIE + "=")).findFirst()
                .orElseThrow();
        assertThat(set).contains("HttpOnly", "SameSite=Strict", "Path=/admin").doesNotContain("Secure");
        assertThat(r.cookie(AdminConsole.SESSION_COOKIE)).hasSize(43);

        String cookie = AdminConsole.SESSION_COOKIE + "=" + r.cookie(AdminConsole.SESSION_COOKIE);
        Response shops = send("GET", "/admin/api/shops", Map.of("Cookie", cookie), null);
        assertThat(shops.status()).isEqualTo(200);
        assertThat(shops.json().get("shops").get(0).get("id").asText()).isEqualTo("shop1");
        assertThat(shops.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
        Response page = send("GET", "/admin/overview", Map.of("Cookie", cookie), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("chart-events", "/admin/assets/chart.umd.min.js");
    }

    @Test
    void withoutASessionApiIs401AndPagesRedirectToLogin() {
        Response api401 = send("GET", "/admin/api/shops", Map.of(), null);
        assertThat(api401.status()).isEqualTo(401);
        assertThat(api401.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(send("GET", "/admin/api/shops", Map.of("Cookie", AdminConsole.SESSION_COOKIE + "=forged"), null)
                .status()).isEqualTo(401);
        Response page = send("GET", "/admin/customers", Map.of(), null);
        assertThat(page.status()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location")).contains("/admin/login");
    }

    @Test
    void wrongPasswordsAreRefusedAlikeAndTheSixthAttemptIsLocked() {
        for (int i = 1; i <= 5; i++) {
            Response r = login("ops", "wrong password " + i);
            assertThat(r.status()).as("attempt %d", i).isEqualTo(401);
            assertThat(r.body()).contains("Wrong username or password.");
            assertThat(r.cookie(AdminConsole.SESSION_COOKIE)).isNull();
        }
        Response unknown = login("nobody", "wrong password");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).contains("Wrong username or password.");
        Response sixth = login("ops", PASSWORD);
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.body()).contains("locked");
        assertThat(sixth.cookie(AdminConsole.SESSION_COOKIE)).isNull();
    }

    @Test
    void loginNeedsItsPreSessionToken() {
        Response r = send("POST", "/admin/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                form(Map.of("username", "ops", "password", PASSWORD, "csrf", "guess")));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.cookie(AdminConsole.SESSION_COOKIE)).isNull();
    }

    @Test
    void stateChangingCallsNeedTheSessionsCsrfToken() {
        String[] s = session();
        String body = "{\"rules\": []}";
        Response none = send("PUT", "/admin/api/shops/shop1/rules",
                Map.of("Cookie", s[0], "Content-Type", "application/json"), body);
        assertThat(none.status()).isEqualTo(403);
        assertThat(none.json().get("type").asText()).endsWith("/csrf");
        Response wrong = send("PUT", "/admin/api/shops/shop1/rules",
                Map.of("Cookie", s[0], "Content-Type", "application/json", AdminConsole.CSRF_HEADER, "x" + s[1]), body);
        assertThat(wrong.status()).isEqualTo(403);
        Response trainNoToken = send("POST", "/admin/api/shops/shop1/train", Map.of("Cookie", s[0]), null);
        assertThat(trainNoToken.status()).isEqualTo(403);
        Response ok = send("POST", "/admin/api/shops/shop1/train",
                Map.of("Cookie", s[0], AdminConsole.CSRF_HEADER, s[1]), null);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().has("model")).isTrue();
        Response logoutNoToken = send("POST", "/admin/logout",
                Map.of("Cookie", s[0], "Content-Type", "application/x-www-form-urlencoded"), "csrf=nope");
        assertThat(logoutNoToken.status()).isEqualTo(403);
    }

    @Test
    void apiKeysNeverOpenAdminRoutes() {
        String[] s = session();
        for (String key : List.of(shop.publishableKey(), shop.secretKey(), OPERATOR_KEY)) {
            Response bearer = send("GET", "/admin/api/shops", Map.of("Authorization", "Bearer " + key), null);
            assertThat(bearer.status()).isEqualTo(403);
            assertThat(bearer.headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("application/problem+json");
            assertThat(bearer.json().get("detail").asText()).contains("does not accept API keys");
            Response header = send("GET", "/admin/api/shops/shop1/overview", Map.of("X-Api-Key", key), null);
            assertThat(header.status()).isEqualTo(403);
            // a key next to a valid session is refused too: keys are never a way in, nor a way around CSRF
            Response both = send("POST", "/admin/api/shops/shop1/train",
                    Map.of("Cookie", s[0], "Authorization", "Bearer " + key), null);
            assertThat(both.status()).isEqualTo(403);
            assertThat(send("GET", "/admin/overview", Map.of("Authorization", "Bearer " + key), null).status())
                    .isEqualTo(403);
        }
    }

    @Test
    void logoutEndsTheSession() {
        String[] s = session();
        Response out = send("POST", "/admin/logout",
                Map.of("Cookie", s[0], "Content-Type", "application/x-www-form-urlencoded"), "csrf=" + s[1]);
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.cookies())
                .anyMatch(c -> c.startsWith(AdminConsole.SESSION_COOKIE + "=;") && c.contains("Max-Age=0"));
        assertThat(send("GET", "/admin/api/shops", Map.of("Cookie", s[0]), null).status()).isEqualTo(401);
    }

    @Test
    void validationErrorsOfTheEngineComeBackAsProblemJson() {
        String[] s = session();
        Response bad = send("POST", "/admin/api/shops/shop1/experiments",
                Map.of("Cookie", s[0], "Content-Type", "application/json", AdminConsole.CSRF_HEADER, s[1]),
                "{\"name\": \"x\"}");
        assertThat(bad.status()).as(bad.body()).isIn(400, 501);
        Response missingShop = send("GET", "/admin/api/shops/nope/overview", Map.of("Cookie", s[0]), null);
        assertThat(missingShop.status()).isEqualTo(404);
        Response asset = send("GET", "/admin/assets/chart.umd.min.js", Map.of(), null);
        assertThat(asset.status()).isEqualTo(200);
        assertThat(asset.body()).contains("Chart");
        assertThat(send("GET", "/admin/assets/..%2Fpages%2Flogin.html", Map.of(), null).status()).isEqualTo(404);
    }

    @Test
    void readEndpointsAnswerForTheChosenShop() {
        String[] s = session();
        Response events = send("POST", "/v1/events",
                Map.of("Authorization", "Bearer " + shop.publishableKey(), "Content-Type", "application/json"),
                "[{\"type\":\"view\",\"anonymousId\":\"v-1\",\"itemId\":\"i1\"},"
                        + "{\"type\":\"view\",\"userId\":\"u-2\",\"itemId\":\"i2\"}]");
        assertThat(events.status()).as(events.body()).isEqualTo(200);
        JsonNode overview = send("GET", "/admin/api/shops/shop1/overview", Map.of("Cookie", s[0]), null).json();
        assertThat(overview.get("minutes")).hasSize(60);
        JsonNode last = overview.get("minutes").get(59);
        assertThat(last.get("eventsAccepted").asInt()).isEqualTo(2);
        assertThat(last.get("activeVisitors").asInt()).isEqualTo(2);

        JsonNode customer = send("GET", "/admin/api/shops/shop1/customers/v-1", Map.of("Cookie", s[0]), null).json();
        assertThat(customer.get("kind").asText()).isEqualTo("anonymous");
        assertThat(customer.get("timeline")).hasSize(1);
        assertThat(customer.get("timeline").get(0).get("itemId").asText()).isEqualTo("i1");
        assertThat(customer.has("recommendations")).isTrue();

        Response items = send("GET", "/admin/api/shops/shop1/items?limit=5", Map.of("Cookie", s[0]), null);
        assertThat(items.status()).isEqualTo(200);
        assertThat(items.json().has("items")).isTrue();
        assertThat(send("GET", "/admin/api/shops/shop1/items?limit=0", Map.of("Cookie", s[0]), null).status())
                .isEqualTo(400);
        Response models = send("GET", "/admin/api/shops/shop1/models", Map.of("Cookie", s[0]), null);
        assertThat(models.status()).isEqualTo(200);
        assertThat(models.json().get("models").isArray()).isTrue();
        for (String page : AdminConsole.pages()) {
            Response p = send("GET", "/admin/" + page, Map.of("Cookie", s[0]), null);
            assertThat(p.status()).as(page).isEqualTo(200);
            assertThat(p.body()).contains("/admin/assets/pages.js", "data-page=\"" + page + "\"");
        }
    }

    @Test
    void theJobsPageRunsAJobNowAndListsItsRuns(@TempDir Path dir) {
        try (SqliteDatabase db = new SqliteDatabase(dir.resolve("jobs.db"))) {
            JobScheduler scheduler = new JobScheduler(new SqliteJobStore(db), Clock.systemUTC(),
                    JobScheduler.Options.defaults("test-node", true), JobListener.NONE);
            try {
                scheduler.register(JobKind.perShop("training", () -> List.of(ShopId.of("shop1")), null,
                        ctx -> "{\"modelVersion\":" + engine.train(ctx.shop()).model().version() + "}"));
                console.jobs(scheduler);
                String[] s = session();
                Response kinds = send("GET", "/admin/api/jobs", Map.of("Cookie", s[0]), null);
                assertThat(kinds.status()).isEqualTo(200);
                assertThat(kinds.json().get("kinds").get(0).get("kind").asText()).isEqualTo("training");
                assertThat(send("POST", "/admin/api/jobs/training/runs",
                        Map.of("Cookie", s[0], "Content-Type", "application/json"), "{\"shop\":\"shop1\"}").status())
                                .isEqualTo(403); // no CSRF token
                Response queued = send("POST", "/admin/api/jobs/training/runs",
                        Map.of("Cookie", s[0], "Content-Type", "application/json", AdminConsole.CSRF_HEADER, s[1]),
                        "{\"shop\":\"shop1\"}");
                assertThat(queued.status()).as(queued.body()).isEqualTo(202);
                scheduler.tick();
                long id = queued.json().get("id").asLong();
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                JsonNode run;
                do {
                    run = send("GET", "/admin/api/jobs/runs?shop=shop1", Map.of("Cookie", s[0]), null).json()
                            .get("runs").get(0);
                    assertThat(System.nanoTime()).as("run %d did not end", id).isLessThan(deadline);
                } while (!run.get("state").asText().equals("succeeded"));
                assertThat(run.get("id").asLong()).isEqualTo(id);
                assertThat(run.get("result").get("modelVersion").asLong()).isEqualTo(1);
                assertThat(send("POST", "/admin/api/jobs/runs/" + id + "/cancel",
                        Map.of("Cookie", s[0], AdminConsole.CSRF_HEADER, s[1]), null).status()).isEqualTo(409);
                Response page = send("GET", "/admin/jobs", Map.of("Cookie", s[0]), null);
                assertThat(page.body()).contains("job-runs", "data-nav=\"jobs\"");
            } finally {
                scheduler.close();
            }
        }
    }
}
