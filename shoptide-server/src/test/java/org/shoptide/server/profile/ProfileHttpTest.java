package org.shoptide.server.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.profile.CustomerMart;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.CustomerKeys;
import org.shoptide.core.profile.CustomerRow.LifeEvent;
import org.shoptide.core.profile.Identifier;
import org.shoptide.core.profile.IdentityKind;
import org.shoptide.core.shop.ShopId;
import org.shoptide.profile.ProfileBuilder;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.Json;

/**
 * Profiles, the identity graph, undoing a link and erasure through HTTP on the production composition (SQLite, segment
 * log, DefaultEngine); the mart is a published one held in memory (the ELT's DuckDB mart is plugged in by the lead).
 */
class ProfileHttpTest {
    static final String OP = "profile-http-operator-key-12345";
    @TempDir
    Path dataDir;
    final HttpClient http = HttpClient.newHttpClient();
    String base;

    record R(int status, JsonNode json, String text) {
    }

    R call(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization",
                "Bearer " + key);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String ct = r.headers().firstValue("Content-Type").orElse("");
        JsonNode json = ct.startsWith("application/json") || ct.startsWith("application/problem+json")
                ? Json.MAPPER.readTree(r.body())
                : null;
        return new R(r.statusCode(), json, r.body());
    }

    /** One published row: user u1 with visitor v2 (wrongly joined by a source), an e-mail and a house move. */
    static final class OneRowMart implements CustomerMart {
        final CustomerRow row = new CustomerRow("u:u1",
                new CustomerKeys(Optional.of("u1"), Optional.of("e-hash"), Optional.empty(), List.of("v2")),
                Optional.of(LocalDate.parse("2026-11-30")), OptionalLong.of(2), 3, 12_000, OptionalDouble.of(0.4),
                OptionalDouble.of(0.9), List.of(new CategoryAffinity("Decoration", 1.0)),
                List.of(new LifeEvent(LifeEvent.MOVED_HOUSE, LocalDate.parse("2026-11-20"), "property_register")),
                Optional.of("Riverside <b>"), Optional.of("premium"), List.of("orders", "property_register"));

        @Override
        public void forEach(ShopId shop, Consumer<CustomerRow> action) {
            if (shop.value().equals("home")) {
                action.accept(row);
            }
        }

        @Override
        public Optional<CustomerRow> find(ShopId shop, String key) {
            return Optional.empty();
        }
    }

    @Test
    void profileIdentitiesUndoAndErasureOverHttp() throws Exception {
        ServerConfig config = ServerConfig.fromMap(
                Map.of("data.dir", dataDir.toString(), "http.host", "127.0.0.1", "http.port", "0", "operator.key", OP));
        try (ShoptideServer server = ShoptideServer.start(config, Clock.systemUTC(), Engines.production(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            base = "http://127.0.0.1:" + server.port();
            R shop = call("POST", "/v1/shops", OP, "{\"id\":\"home\",\"name\":\"Home\"}");
            String sk = shop.json().get("secretKey").asText();
            assertThat(call("PUT", "/v1/users/u1", sk, "{\"traits\":{\"segment\":\"vip\"}}").status()).isEqualTo(200);
            assertThat(call("GET", "/v1/users/u1/profile", sk, null).status()).isEqualTo(404);

            ProfileBuilder.Report report = server.profiles().builder(new OneRowMart()).rebuild(ShopId.of("home"));
            assertThat(report.profiles()).isEqualTo(1);
            assertThat(report.aliases().aliased()).containsExactly("v2");

            R profile = call("GET", "/v1/users/u1/profile", sk, null);
            assertThat(profile.status()).as(profile.text()).isEqualTo(200);
            JsonNode facts = profile.json().get("facts");
            assertThat(facts.get("lifeEvents").get("value").get(0).get("kind").asText()).isEqualTo("moved_house");
            assertThat(facts.get("lifeEvents").get("sources").get(0).asText()).isEqualTo("property_register");
            assertThat(facts.get("rfm").get("value").get("frequency").asLong()).isEqualTo(3);
            assertThat(facts.get("area").get("value").get("area").asText()).isEqualTo("Riverside <b>");
            assertThat(profile.json().get("sources").has("orders")).isTrue();
            JsonNode user = call("GET", "/v1/users/u1", sk, null).json();
            assertThat(user.toString()).contains("life_event.moved_house", "2026-11-20", "vip");

            R ids = call("GET", "/v1/users/u1/identities", sk, null);
            assertThat(ids.status()).as(ids.text()).isEqualTo(200);
            JsonNode login = null;
            for (JsonNode l : ids.json().get("links")) {
                if (l.get("rule").asText().equals("login")) {
                    login = l;
                }
            }
            assertThat(login).isNotNull();
            assertThat(login.get("merged").asBoolean()).isTrue();
            assertThat(login.get("confidence").asDouble()).isEqualTo(1.0);

            assertThat(call("DELETE", "/v1/identity/links/abc", sk, null).status()).isEqualTo(400);
            assertThat(call("DELETE", "/v1/identity/links/987654", sk, null).status()).isEqualTo(404);
            R undo = call("DELETE", "/v1/identity/links/" + login.get("id").asLong(), sk, null);
            assertThat(undo.status()).as(undo.text()).isEqualTo(200);
            assertThat(undo.json().get("unaliased").toString()).isEqualTo("[\"v2\"]");
            assertThat(undo.json().get("link").get("undoneAt").isNull()).isFalse();
            // the next rebuild keeps it undone
            server.profiles().builder(new OneRowMart()).rebuild(ShopId.of("home"));
            assertThat(server.profiles().graph().clusters(ShopId.of("home"))
                    .userOf(new Identifier(IdentityKind.ANONYMOUS, "v2"))).isEmpty();

            R mapping = call("PUT", "/v1/profiles/life-event-categories", sk,
                    "{\"mapping\":{\"moved_house\":[\"DIY\"],\"Bad Kind\":[\"x\"]}}");
            assertThat(mapping.status()).isEqualTo(400);
            assertThat(call("GET", "/v1/profiles/life-event-categories", sk, null).json().get("default").asBoolean())
                    .isTrue();
            assertThat(
                    call("PUT", "/v1/profiles/life-event-categories", sk, "{\"mapping\":{\"moved_house\":[\"DIY\"]}}")
                            .status()).isEqualTo(200);

            assertThat(call("DELETE", "/v1/users/u1", sk, null).status()).isEqualTo(200);
            assertThat(call("GET", "/v1/users/u1/profile", sk, null).status()).isEqualTo(404);
            R after = call("GET", "/v1/users/u1/identities", sk, null);
            assertThat(after.json().get("links")).isEmpty();
        }
    }
}
