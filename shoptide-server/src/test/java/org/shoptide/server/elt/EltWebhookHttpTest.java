package org.shoptide.server.elt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.Lander;
import org.shoptide.elt.WebhookReceiver;
import org.shoptide.server.TestServer;
import org.shoptide.server.http.Json;

/**
 * A shop's webhook source over HTTP: signed deliveries are buffered (202) and land in the next load; a bad signature, a
 * replay, a source without consent and an unknown source are refused with problem JSON and buffer nothing.
 */
class EltWebhookHttpTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String SECRET = TestServer.ELT_ENV.get("CRM_WEBHOOK_SECRET");

    @Test
    void signedDeliveriesLandAndEverythingElseIsRefused() throws Exception {
        try (TestServer server = new TestServer()) {
            Path dir = server.elt.shopDir(ShopId.of("acme"));
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("sources.json"), """
                    {"sources": [
                      {"name": "crm", "kind": "webhook", "consent": true, "secret": "env:CRM_WEBHOOK_SECRET",
                       "pii": {"email": "email"}},
                      {"name": "quiet", "kind": "webhook", "consent": false, "secret": "env:CRM_WEBHOOK_SECRET"}]}
                    """);
            String url = "http://127.0.0.1:" + server.port + "/v1/elt/webhooks/acme/";
            long ts = System.currentTimeMillis() / 1000;
            byte[] body = "[{\"email\":\"Ann@Example.com\",\"event\":\"moved\"},{\"email\":\"bo@example.com\"}]"
                    .getBytes(StandardCharsets.UTF_8);
            String sig = WebhookReceiver.sign(SECRET, ts, body);

            HttpResponse<String> ok = post(url + "crm", ts, sig, body);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
            assertThat(Json.MAPPER.readTree(ok.body()).get("records").asInt()).isEqualTo(2);

            HttpResponse<String> replay = post(url + "crm", ts, sig, body);
            assertThat(replay.statusCode()).isEqualTo(409);
            assertThat(replay.headers().firstValue("Content-Type").orElseThrow()).contains("application/problem+json");
            HttpResponse<String> forged = post(url + "crm", ts,
                    WebhookReceiver.sign("another-secret-0123456", ts, body), body);
            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(forged.body()).contains("signature does not match");
            assertThat(post(url + "quiet", ts, sig, body).statusCode()).isEqualTo(403);
            assertThat(post(url + "nope", ts, sig, body).statusCode()).isEqualTo(404);
            assertThat(
                    post("http://127.0.0.1:" + server.port + "/v1/elt/webhooks/other/crm", ts, sig, body).statusCode())
                            .isEqualTo(404);

            // the next load lands exactly the two acknowledged records, e-mails hashed
            Lander.Outcome landed = server.elt.load(ShopId.of("acme"), "crm", Optional.of("hook-1"));
            assertThat(landed.manifest().rows()).isEqualTo(2);
            assertThat(landed.manifest().piiHashed()).contains("email");
            assertThat(server.elt.status(ShopId.of("acme"))).anyMatch(line -> line.contains("crm"));
        }
    }

    static HttpResponse<String> post(String url, long ts, String signature, byte[] body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                        .header("X-Shoptide-Timestamp", Long.toString(ts)).header("X-Shoptide-Signature", signature)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

}
