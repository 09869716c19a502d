package org.shoptide.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.shoptide.server.TestServer;

class BusinessHttpTest {

    @Test
    void revenueAttributedToARecommendationShowsInTheDailyReport() {
        try (TestServer server = new TestServer()) {
            String[] keys = server.createShop("biz");
            String sk = keys[1];
            assertThat(server.post("/v1/items", sk,
                    "[{\"id\":\"a\",\"title\":\"Lamp\",\"price\":19.99,\"currency\":\"EUR\"},"
                            + "{\"id\":\"b\",\"title\":\"Rug\",\"price\":5,\"currency\":\"EUR\"}]")
                    .status()).isEqualTo(200);
            assertThat(
                    server.post("/v1/events", sk,
                            "[{\"type\":\"view\",\"userId\":\"v1\",\"itemId\":\"a\"},"
                                    + "{\"type\":\"view\",\"userId\":\"v2\",\"itemId\":\"b\"}]")
                            .status()).isEqualTo(200);
            TestServer.Response rec = server.get("/v1/recommendations?scenario=trending&n=2", sk);
            assertThat(rec.status()).isEqualTo(200);
            String recId = rec.json().get("recommendationId").asText();
            String item = rec.json().get("items").get(0).get("itemId").asText();
            assertThat(server.post("/v1/events", sk,
                    "[{\"type\":\"purchase\",\"userId\":\"v1\",\"orderId\":\"o1\"," + "\"lineItems\":[{\"itemId\":\""
                            + item + "\",\"price\":19.99,\"quantity\":1,\"currency\":\"EUR\"}],"
                            + "\"context\":{\"recommendationId\":\"" + recId + "\"}}]")
                    .status()).isEqualTo(200);

            TestServer.Response biz = server.get("/v1/business", sk);
            assertThat(biz.status()).as(biz.text()).isEqualTo(200);
            JsonNode today = biz.json().get("days").get(0);
            assertThat(today.get("date").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
            assertThat(today.get("visitors").asLong()).isEqualTo(2);
            assertThat(today.get("buyers").asLong()).isEqualTo(1);
            assertThat(today.get("conversionRate").asDouble()).isEqualTo(0.5);
            JsonNode eur = today.get("revenue").get(0);
            assertThat(eur.get("currency").asText()).isEqualTo("EUR");
            assertThat(eur.get("revenueMinor").asLong()).isEqualTo(1999);
            assertThat(eur.get("recommendationsMinor").asLong()).isEqualTo(1999);
            assertThat(eur.get("assistantMinor").asLong()).isZero();

            assertThat(server.get("/v1/business?from=yesterday", sk).status()).isEqualTo(400);
            assertThat(server.get("/v1/business?from=2026-02-01&to=2026-01-01", sk).status()).isEqualTo(400);
            assertThat(server.get("/v1/business", keys[0]).status()).isEqualTo(403);
        }
    }
}
