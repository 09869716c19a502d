package org.shoptide.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.client.ApiClient;
import org.shoptide.client.ApiException;
import org.shoptide.client.api.CatalogApi;
import org.shoptide.client.api.EventsApi;
import org.shoptide.client.api.OpsApi;
import org.shoptide.client.api.RecommendationsApi;
import org.shoptide.client.api.ShopsApi;
import org.shoptide.client.model.CreateShopRequest;
import org.shoptide.client.model.Event;
import org.shoptide.client.model.EventBatch;
import org.shoptide.client.model.IngestResult;
import org.shoptide.client.model.Item;
import org.shoptide.client.model.ItemBatch;
import org.shoptide.client.model.Recommendation;
import org.shoptide.client.model.ShopCredentials;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;

/**
 * The Java client that openapi-generator ({@code java}, library {@code native}) makes from the server's
 * {@code openapi.json} at build time compiles (else this module does not build) and calls a real server: the production
 * engine over the embedded stores in a temporary data directory, in-process on a free loopback port.
 */
class GeneratedClientTest {
    private static final String OPERATOR_KEY = "op-openapi-check-0123456789";
    @TempDir
    static Path dataDir;
    private static ShoptideServer server;
    private static String baseUri;

    @BeforeAll
    static void startServer() {
        ServerConfig config = ServerConfig.fromMap(Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1",
                "http.port", "0", "operator.key", OPERATOR_KEY));
        server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(OutputStream.nullOutputStream()));
        baseUri = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static ApiClient client(String bearer) {
        ApiClient c = new ApiClient();
        c.updateBaseUri(baseUri);
        if (bearer != null) {
            c.setRequestInterceptor(b -> b.header("Authorization", "Bearer " + bearer));
        }
        return c;
    }

    @Test
    void aGeneratedClientCreatesAShopSendsEventsAndItemsAndGetsRecommendations() throws Exception {
        assertThat(new OpsApi(client(null)).getHealth().getStatus()).isEqualTo("ok");

        ShopCredentials creds = new ShopsApi(client(OPERATOR_KEY))
                .createShop(new CreateShopRequest().id("acme").name("Acme"));
        assertThat(creds.getSecretKey()).startsWith("sk_");
        assertThat(creds.getPublishableKey()).startsWith("pk_");
        ApiClient shop = client(creds.getSecretKey());

        CatalogApi catalog = new CatalogApi(shop);
        Item one = catalog.putItem("i1",
                new Item().title("Blue mug").price(new BigDecimal("9.50")).currency("EUR").brand("MugCo"));
        assertThat(one.getId()).isEqualTo("i1");
        assertThat(catalog
                .upsertItems(new ItemBatch().items(List.of(new Item().id("i2").title("Red mug"),
                        new Item().id("i3").title("Green mug").categoryPath(List.of("Kitchen", "Mugs")))))
                .getUpserted()).isEqualTo(2);
        assertThat(catalog.getItem("i3").getCategoryPath()).containsExactly("Kitchen", "Mugs");

        EventsApi events = new EventsApi(shop);
        EventBatch batch = new EventBatch()
                .events(List.of(new Event().eventId("e1").type("view").userId("u1").itemId("i1"),
                        new Event().eventId("e2").type("view").userId("u2").itemId("i1"),
                        new Event().eventId("e3").type("add_to_cart").userId("u2").itemId("i2")));
        IngestResult first = events.sendEvents(batch, null);
        assertThat(first.getAccepted()).isEqualTo(3);
        assertThat(events.sendEvents(batch, null).getDuplicates()).isEqualTo(3);

        Recommendation r = new RecommendationsApi(shop).getRecommendations(null, "u1", null, null, null, 5, null, null,
                null, null, null, null, null, null);
        assertThat(r.getRecommendationId()).isNotBlank();
        assertThat(r.getItems()).isNotNull();
    }

    @Test
    void errorsReachTheClientAsProblemJson() throws Exception {
        ApiException e = (ApiException) catchThrowable(() -> new ShopsApi(client("not-a-key")).listShops());
        assertThat(e.getCode()).isEqualTo(401);
        JsonNode problem = new ObjectMapper().readTree(e.getResponseBody());
        assertThat(problem.get("status").asInt()).isEqualTo(401);
        assertThat(e.getResponseHeaders().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));

        ShopCredentials creds = new ShopsApi(client(OPERATOR_KEY))
                .createShop(new CreateShopRequest().id("bad").name("Bad input"));
        EventsApi events = new EventsApi(client(creds.getSecretKey()));
        assertThatThrownBy(
                () -> events.sendEvents(new EventBatch().events(List.of(new Event().type("view").userId("u1"))), null))
                        .isInstanceOfSatisfying(ApiException.class, x -> {
                            assertThat(x.getCode()).isEqualTo(400);
                            assertThat(x.getResponseBody()).contains("\"field\":\"itemId\"");
                        });
    }
}
