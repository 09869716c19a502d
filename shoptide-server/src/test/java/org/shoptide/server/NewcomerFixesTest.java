package org.shoptide.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.server.admin.AdminConsole;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.slf4j.LoggerFactory;

/**
 * What a newcomer tripped on, over a real server: the dashboard session's real expiry, login errors as problem JSON for
 * API clients, the access log in a file under the data dir, and log lines when the server is shut down.
 */
class NewcomerFixesTest {
    private static final String PASSWORD = "operator-password-1";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    @TempDir
    Path dataDir;
    private ShoptideServer server;
    private String base;

    @BeforeEach
    void start() {
        ServerConfig c = ServerConfig.fromMap(Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1",
                "http.port", "0", "operator.key", "op-newcomer-0123456789"));
        server = ShoptideServer.start(c, Clock.systemUTC(), Engines.production(),
                new PrintStream(OutputStream.nullOutputStream()));
        server.admin().accounts().create("ops", PASSWORD);
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theSessionReportsWhenItExpiresNotWhenItBegan() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> ok = login(PASSWORD, null);
        assertThat(ok.statusCode()).isEqualTo(303);
        String session = cookie(ok, AdminConsole.SESSION_COOKIE);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/api/session"))
                        .header("Cookie", AdminConsole.SESSION_COOKIE + "=" + session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Instant expiresAt = Instant.parse(json.readTree(r.body()).get("expiresAt").asText());
        // defaults: 30 minutes idle, 12 hours at most: the idle timeout comes first
        assertThat(expiresAt).isBetween(before.plus(Duration.ofMinutes(30)),
                Instant.now().plus(Duration.ofMinutes(30)));
    }

    @Test
    void loginErrorsAreProblemJsonForApiClientsAndThePageForBrowsers() throws Exception {
        HttpResponse<String> api = login("wrong-password-000", "application/json");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(api.body());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(problem.get("detail").asText()).contains("wrong username or password");

        HttpResponse<String> page = login("wrong-password-000", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(page.statusCode()).isEqualTo(401);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/html"));

        HttpResponse<String> expiredForm = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("username=ops&password=x&csrf=stale")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(expiredForm.statusCode()).isEqualTo(403);
        assertThat(json.readTree(expiredForm.body()).get("status").asInt()).isEqualTo(403);

        HttpResponse<String> jsonBody = http.send(
                HttpRequest.newBuilder(URI.create(base + "/admin/login")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ops\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jsonBody.statusCode()).isEqualTo(415);
        assertThat(jsonBody.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
    }

    @Test
    void theAccessLogCanGoToARollingFileUnderTheDataDir() throws Exception {
        Logger access = (Logger) LoggerFactory.getLogger(Logging.ACCESS_LOGGER);
        access.setLevel(Level.INFO); // other tests may have set the root's level to WARN
        try {
            Path file = Logging.accessLogToFile(dataDir);
            assertThat(file).isEqualTo(dataDir.toAbsolutePath().resolve("logs/access.log"));
            http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String line = Files.readAllLines(file).stream().filter(l -> l.contains("/health")).findFirst()
                    .orElseThrow();
            assertThat(json.readTree(line).get("loggerName").asText()).isEqualTo(Logging.ACCESS_LOGGER);
        } finally {
            access.detachAndStopAllAppenders();
            access.setAdditive(true);
            access.setLevel(null);
        }
    }

    @Test
    void shuttingDownIsLogged() {
        Logger log = (Logger) LoggerFactory.getLogger(ShoptideServer.class);
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.start();
        log.addAppender(seen);
        log.setLevel(Level.INFO); // other tests may have set the root's level to WARN
        try {
            server.shutDown();
        } finally {
            log.detachAppender(seen);
            log.setLevel(null);
        }
        assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).containsSubsequence("shutting down",
                "stopped");
    }

    /** Loads the login form (for its token cookie) and posts it. */
    private HttpResponse<String> login(String password, String accept) throws Exception {
        HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/login")).build(),
                HttpResponse.BodyHandlers.ofString());
        String token = cookie(form, AdminConsole.LOGIN_COOKIE);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/admin/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", AdminConsole.LOGIN_COOKIE + "=" + token)
                .POST(HttpRequest.BodyPublishers.ofString("username=ops&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&csrf=" + token));
        if (accept != null) {
            post.header("Accept", accept);
        }
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).filter(v -> !v.isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no cookie " + name + " in " + r.headers().map()));
    }
}
