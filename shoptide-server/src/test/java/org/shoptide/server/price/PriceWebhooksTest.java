package org.shoptide.server.price;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.WebhookDelivery;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqlitePriceAlertStore;
import org.shoptide.server.http.Json;

/** The webhook outbox against a local fake receiver: signature, failure and retry, and re-sending after a restart. */
class PriceWebhooksTest {
    static final ShopId SHOP = ShopId.of("acme");
    static final String SECRET = "whsec-0123456789abcdef";
    @TempDir
    Path dir;
    SqliteDatabase db;
    SqlitePriceAlertStore alerts;

    @BeforeEach
    void open() {
        db = new SqliteDatabase(dir.resolve("shoptide.db"));
        alerts = new SqlitePriceAlertStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private PriceWebhooks webhooks() {
        return new PriceWebhooks(alerts, Clock.systemUTC(), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofSeconds(2));
    }

    private void drop(String id, String url, List<String> users) {
        alerts.saveSettings(SHOP, new PriceAlertSettings(true, 5, 0, Duration.ofDays(7), Duration.ofDays(30),
                Duration.ofDays(7), url, SECRET));
        alerts.saveDrop(SHOP, new PriceDrop(id, "lamp", "api", "EUR", 10000, 7500, 25, Instant.now()), users, true);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void aDropIsPostedSignedAndRetriedWithBackOffUntilA2xx() throws Exception {
        try (FakeWebhookReceiver receiver = new FakeWebhookReceiver(500, 503, 204)) {
            drop("pd_1", receiver.url(), List.of("u2", "u1"));
            try (PriceWebhooks w = webhooks()) {
                assertThat(w).isNotNull();
                await("delivery", () -> alerts.delivery(SHOP, "pd_1").orElseThrow().deliveredAt() != null);
            }
            assertThat(receiver.received).extracting(FakeWebhookReceiver.Received::answered).containsExactly(500, 503,
                    204);
            assertThat(receiver.received).allSatisfy(r -> {
                assertThat(r.id()).isEqualTo("pd_1");
                assertThat(FakeWebhookReceiver.verified(r, SECRET)).isTrue();
                assertThat(FakeWebhookReceiver.verified(r, "another-secret-0123")).isFalse();
            });
            JsonNode body = Json.MAPPER.readTree(receiver.received.get(2).body());
            assertThat(body.get("type").asText()).isEqualTo("price_drop");
            assertThat(body.get("itemId").asText()).isEqualTo("lamp");
            assertThat(body.get("oldPriceMinor").asLong()).isEqualTo(10000);
            assertThat(body.get("newPriceMinor").asLong()).isEqualTo(7500);
            assertThat(body.get("dropPercent").asDouble()).isEqualTo(25.0);
            assertThat(body.get("userIds")).extracting(JsonNode::asText).containsExactly("u1", "u2");
            WebhookDelivery d = alerts.delivery(SHOP, "pd_1").orElseThrow();
            assertThat(d.attempts()).isEqualTo(3);
            // the second wait was longer than the first (exponential back-off)
            long t1 = Long.parseLong(receiver.received.get(0).timestamp());
            assertThat(Long.parseLong(receiver.received.get(2).timestamp())).isGreaterThanOrEqualTo(t1);
        }
    }

    @Test
    void backOffDoublesAndIsCapped() {
        try (PriceWebhooks w = new PriceWebhooks(alerts, Clock.systemUTC(), Duration.ofHours(1), Duration.ofSeconds(30),
                Duration.ofSeconds(1))) {
            assertThat(w.backoff(1)).isEqualTo(Duration.ofSeconds(30));
            assertThat(w.backoff(2)).isEqualTo(Duration.ofMinutes(1));
            assertThat(w.backoff(5)).isEqualTo(Duration.ofMinutes(8));
            assertThat(w.backoff(40)).isEqualTo(PriceWebhooks.MAX_BACKOFF);
        }
    }

    @Test
    void whatWasNotAcknowledgedBeforeARestartIsSentAfterIt() throws Exception {
        try (FakeWebhookReceiver receiver = new FakeWebhookReceiver(500)) {
            drop("pd_2", receiver.url(), List.of("u1"));
            try (PriceWebhooks w = webhooks()) {
                assertThat(w).isNotNull();
                await("a failed attempt", () -> alerts.delivery(SHOP, "pd_2").orElseThrow().attempts() >= 1);
            }
            assertThat(alerts.delivery(SHOP, "pd_2").orElseThrow().deliveredAt()).isNull();
            db.close();
            // "restart": a new database handle and a new dispatcher; the receiver works again
            db = new SqliteDatabase(dir.resolve("shoptide.db"));
            alerts = new SqlitePriceAlertStore(db);
            receiver.answer(200);
            try (PriceWebhooks w = webhooks()) {
                assertThat(w).isNotNull();
                await("delivery after restart",
                        () -> alerts.delivery(SHOP, "pd_2").orElseThrow().deliveredAt() != null);
            }
            assertThat(receiver.received.get(receiver.received.size() - 1).answered()).isEqualTo(200);
            assertThat(receiver.received).extracting(FakeWebhookReceiver.Received::id).containsOnly("pd_2");
        }
    }

    @Test
    void anErasedCustomerIsNotInALaterAttempt() throws Exception {
        try (FakeWebhookReceiver receiver = new FakeWebhookReceiver(200)) {
            drop("pd_3", receiver.url(), List.of("u1", "u2"));
            alerts.eraseSubject(SHOP, "u1");
            try (PriceWebhooks w = webhooks()) {
                assertThat(w).isNotNull();
                await("delivery", () -> alerts.delivery(SHOP, "pd_3").orElseThrow().deliveredAt() != null);
            }
            JsonNode body = Json.MAPPER.readTree(receiver.received.get(0).body());
            assertThat(body.get("userIds")).extracting(JsonNode::asText).containsExactly("u2");
        }
    }
}
