package org.shoptide.server;

import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.onnx.OnnxHandler;
import org.shoptide.server.onnx.ServerOnnx;
import org.shoptide.engine.EngineConfig;
import org.shoptide.engine.rerank.RerankerProvider;
import org.shoptide.server.feeds.ServerFeeds;
import org.shoptide.server.http.handler.FeedHandler;
import org.shoptide.testing.fake.InMemoryFeedStore;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqlitePriceAlertStore;
import org.shoptide.embedded.sqlite.SqlitePriceHistoryStore;
import org.shoptide.server.price.PriceHandler;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import org.shoptide.embedded.sqlite.SqliteAlertStore;
import org.shoptide.server.assistant.ServerAssistant;
import org.shoptide.server.http.handler.AlertsHandler;
import org.shoptide.server.community.ServerCommunity;
import org.shoptide.server.assistant.TestLexicon;
import org.shoptide.server.assistant.TestParser;
import org.shoptide.server.config.ServerConfig.AssistantSettings;
import org.shoptide.server.http.HttpApi;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.OperatorKey;
import org.shoptide.server.trade.Trade;
import org.shoptide.server.jobs.ServerJobs;
import org.shoptide.embedded.sqlite.SqliteJobStore;
import org.shoptide.embedded.sqlite.SqliteIdentityGraphStore;
import org.shoptide.embedded.sqlite.SqliteProfileStore;
import org.shoptide.profile.IdentityRules;
import org.shoptide.server.profile.ProfileHandler;
import org.shoptide.server.profile.ServerProfiles;
import org.shoptide.elt.Connectors;
import org.shoptide.elt.EltLayout;
import org.shoptide.elt.EltService;
import org.shoptide.elt.Secrets;
import org.shoptide.server.elt.EltWebhookHandler;
import org.shoptide.testing.fake.InMemoryConversationStore;
import org.shoptide.testing.fake.InMemoryCustomerTokenKeyStore;
import org.shoptide.testing.fake.InMemoryIdempotencyStore;
import org.shoptide.testing.fake.InMemoryPostStore;
import org.shoptide.testing.fake.InMemoryTradeStore;
import org.shoptide.trade.TradeSettings;
import org.shoptide.trade.sandbox.SandboxPaymentProvider;
import org.shoptide.trade.sandbox.SandboxSettings;

/**
 * The HTTP API on port 0 over the real engine on in-memory adapters ({@link InMemoryEngine}), with a real HTTP client.
 */
public final class TestServer implements AutoCloseable {
    public static final String OPERATOR_KEY = "op-test-key-0123456789";
    public final InMemoryEngine memory;
    public final InMemoryCustomerTokenKeyStore customerTokenKeys = new InMemoryCustomerTokenKeyStore();
    public final HttpApi api;
    public final int port;
    /** Orders, payments and budgets over in-memory stores and the sandbox provider (ledger in a temporary dir). */
    public final Trade trade;
    /** The job scheduler with the reconciliation kind (not ticking: call {@code jobs.scheduler().tick()}). */
    public final ServerJobs jobs;
    private final SqliteDatabase jobsDb;
    public final SandboxPaymentProvider sandbox;
    private final Path sandboxDir;
    /** Price history and drops (SQLite in the temporary dir), served by the price routes. */
    private final SqliteDatabase priceDb;
    public final SqlitePriceAlertStore priceAlerts;
    /** The assistant's conversations (in memory), served with the test lexicon and parser. */
    public final InMemoryConversationStore conversations = new InMemoryConversationStore();
    /** Catalog feeds on an in-memory store; not ticking (tests run them over HTTP). */
    public final ServerFeeds feeds;
    private final ServerAssistant assistant;
    /** The built-in notifier's store behind {@code /v1/alerts} (SQLite in the temporary dir). */
    public final SqliteAlertStore alerts;
    private final SqliteDatabase alertDb;
    /** Community posts (in memory) with the server's community services over the engine. */
    public final InMemoryPostStore posts = new InMemoryPostStore();
    public final ServerCommunity community;
    private final SqliteDatabase profileDb;
    /** The identity graph and customer-360 profiles (SQLite in the temporary directory). */
    public final ServerProfiles profiles;
    /** The customer-360 ELT (config under {@code <temp>/elt/<shop>/sources.json}, lake under {@code <temp>/lake}). */
    public final EltService elt;
    /** Shops' own ONNX models (docs/ONNX-MODELS.md). */
    public final ServerOnnx onnx;
    /** The environment the ELT resolves {@code env:NAME} secrets from. */
    public static final java.util.Map<String, String> ELT_ENV = java.util.Map.of("CRM_WEBHOOK_SECRET",
            "crm-webhook-secret-0123456789");
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public TestServer() {
        this(1_000_000);
    }

    public TestServer(long maxBodyBytes) {
        this(maxBodyBytes, 0);
    }

    public TestServer(long maxBodyBytes, int rateLimit) {
        this(maxBodyBytes, rateLimit, true);
    }

    /** {@code ready}: whether {@code /health/ready} answers 200 from the start. */
    public TestServer(long maxBodyBytes, int rateLimit, boolean ready) {
        this(maxBodyBytes, rateLimit, ready, api -> {
        });
    }

    /** A server on which {@code beforeStart} may add routes (e.g. a test-only resource) before it starts. */
    public TestServer(java.util.function.Consumer<HttpApi> beforeStart) {
        this(1_000_000, 0, true, beforeStart);
    }

    private TestServer(long maxBodyBytes, int rateLimit, boolean ready,
            java.util.function.Consumer<HttpApi> beforeStart) {
        memory = new InMemoryEngine(Clock.systemUTC());
        int freePort = freePort();
        api = new HttpApi(memory.engine, OperatorKey.ofPlaintext(OPERATOR_KEY), memory.log::replay, Clock.systemUTC(),
                "127.0.0.1", freePort, maxBodyBytes, 10, java.util.List.of("*"), rateLimit, customerTokenKeys);
        String base = "http://127.0.0.1:" + freePort;
        try {
            sandboxDir = Files.createTempDirectory("shoptide-sandbox");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        sandbox = new SandboxPaymentProvider(
                SandboxSettings.defaults(sandboxDir.resolve("ledger"), "test-sandbox-secret-0123456789", base),
                Clock.systemUTC());
        trade = new Trade(memory.engine, new InMemoryTradeStore(), new InMemoryIdempotencyStore(), sandbox,
                Clock.systemUTC(), TradeSettings.defaults(base));
        trade.resources(api.requestBody()).forEach(api::add);
        jobsDb = new SqliteDatabase(sandboxDir.resolve("jobs.db"));
        jobs = new ServerJobs(new SqliteJobStore(jobsDb), Clock.systemUTC(), true, api.metrics().registry());
        jobs.reconciliation(trade.reconciler(), Duration.ofMinutes(1));
        jobs.resources(api.requestBody()).forEach(api::add);
        feeds = new ServerFeeds(memory.engine, new InMemoryFeedStore(), ServerConfig.defaults().feeds(),
                api.metrics().registry(), Clock.systemUTC());
        api.add(new FeedHandler(feeds.definitions(), feeds.service(), api.requestBody()));
        alertDb = new SqliteDatabase(sandboxDir.resolve("alerts.db"));
        alerts = new SqliteAlertStore(alertDb);
        api.add(new AlertsHandler(alerts, api.requestBody(), Clock.systemUTC()));
        priceDb = new SqliteDatabase(sandboxDir.resolve("prices.db"));
        priceAlerts = new SqlitePriceAlertStore(priceDb);
        memory.engine.withPriceTracking(new SqlitePriceHistoryStore(priceDb), priceAlerts);
        api.add(new PriceHandler(memory.engine.priceTracking().orElseThrow(), api.requestBody()));
        // the identity graph and profiles on SQLite (they have no in-memory adapter), as the server wires them
        profileDb = new SqliteDatabase(sandboxDir.resolve("profiles.db"));
        profiles = new ServerProfiles(memory.engine, memory.users,
                new SqliteIdentityGraphStore(profileDb, Clock.systemUTC()), new SqliteProfileStore(profileDb),
                memory.log, IdentityRules.defaults(), Clock.systemUTC());
        api.add(new ProfileHandler(profiles, api.requestBody()));
        api.alsoErase(profiles::erase);
        // the customer-360 ELT on a lake in the temporary directory; webhook secrets from ELT_ENV
        EltLayout layout = new EltLayout(sandboxDir.resolve("lake"));
        elt = new EltService(layout, sandboxDir.resolve("elt"), "test-pii-secret-0123456789",
                new Connectors(layout, new Secrets(ELT_ENV::get), java.net.http.HttpClient.newHttpClient(),
                        Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), new java.util.Random(7)),
                Clock.systemUTC(), 1);
        api.add(new EltWebhookHandler(elt, ELT_ENV::get, Clock.systemUTC()));
        // shops' own ONNX models, as the server wires them (in front of no learning-to-rank re-rankers)
        onnx = ServerOnnx.install(ServerConfig.defaults().onnx(), sandboxDir.resolve("onnx"), memory.engine,
                EngineConfig.defaults(), memory.models, memory.log, RerankerProvider.NONE, api.metrics().registry(),
                Clock.systemUTC());
        api.add(new OnnxHandler(onnx.models()));
        beforeStart.accept(api);
        TestLexicon lexicon = new TestLexicon();
        assistant = new ServerAssistant(memory.engine, conversations, new TestParser(lexicon), lexicon, null,
                new AssistantSettings(5, Duration.ofSeconds(1), null, "", null, Duration.ofSeconds(1)),
                Clock.systemUTC());
        api.enableAssistant(assistant.service());
        community = new ServerCommunity(memory.engine, memory.log, posts, Clock.systemUTC());
        api.enableCommunity(community.community(), community.segments());
        port = api.start();
        if (ready) {
            api.markReady();
        }
    }

    /** A response with its parsed JSON body (null when the body is not JSON). */
    public record Response(int status, String contentType, String text, JsonNode json,
            java.net.http.HttpHeaders headers) {
    }

    public Response send(String method, String path, String key, String body) {
        return send(method, path, key, body, "application/json");
    }

    public Response send(String method, String path, String key, String body, String contentType) {
        return send(method, path, key, body, contentType, java.util.Map.of());
    }

    public Response send(String method, String path, String key, String body, String contentType,
            java.util.Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(b::header);
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null && contentType != null) {
            b.header("Content-Type", contentType);
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String ct = r.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if ((ct.startsWith("application/json") || ct.startsWith("application/problem+json"))
                    && !r.body().isEmpty()) {
                json = Json.MAPPER.readTree(r.body());
            }
            return new Response(r.statusCode(), ct, r.body(), json, r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String key) {
        return send("GET", path, key, null);
    }

    public Response post(String path, String key, String body) {
        return send("POST", path, key, body);
    }

    public Response put(String path, String key, String body) {
        return send("PUT", path, key, body);
    }

    public Response delete(String path, String key) {
        return send("DELETE", path, key, null);
    }

    /** Creates a shop over HTTP with the operator key; returns {publishableKey, secretKey}. */
    public String[] createShop(String id) {
        Response r = post("/v1/shops", OPERATOR_KEY, "{\"id\":\"" + id + "\",\"name\":\"Shop " + id + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("create shop failed: " + r);
        }
        return new String[] { r.json().get("publishableKey").asText(), r.json().get("secretKey").asText() };
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            api.close();
            jobs.close();
            jobsDb.close();
            trade.close();
            feeds.close();
        } finally {
            try {
                assistant.close();
                community.close();
            } finally {
                alertDb.close();
                memory.close();
                priceDb.close();
                profileDb.close();
            }
            try (var files = Files.walk(sandboxDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
