package org.shoptide.elt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.shop.ShopId;

class WebhookTest {
    static final String SECRET = "whsec-test-0123456789";
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private WebhookReceiver receiver(Path buffer) throws Exception {
        return new WebhookReceiver(SECRET, buffer, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(5));
    }

    @Test
    void acceptsGoodSignaturesAndRefusesBadStaleAndReplayedOnes() throws Exception {
        Path buffer = dir.resolve("hook.jsonl");
        WebhookReceiver r = receiver(buffer);
        long ts = NOW.getEpochSecond() - 10;
        byte[] body = "[{\"email\":\"a@example.com\",\"event\":\"signup\"},{\"email\":\"b@example.com\"}]"
                .getBytes(StandardCharsets.UTF_8);
        String sig = WebhookReceiver.sign(SECRET, ts, body);

        assertThat(r.receive(Long.toString(ts), sig, body)).isEqualTo(new WebhookReceiver.Result(202, "buffered", 2));
        assertThat(Files.readAllLines(buffer)).hasSize(2);
        // the same delivery again: a replay
        assertThat(r.receive(Long.toString(ts), sig, body).status()).isEqualTo(409);
        // a replay is still refused after a restart (the buffer is read back)
        assertThat(receiver(buffer).receive(Long.toString(ts), sig, body).status()).isEqualTo(409);
        // wrong secret, tampered body, missing headers
        assertThat(r.receive(Long.toString(ts), WebhookReceiver.sign("other-secret-000000", ts, body), body).status())
                .isEqualTo(401);
        byte[] tampered = "{\"email\":\"evil@example.com\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(r.receive(Long.toString(ts), sig, tampered).message()).isEqualTo("signature does not match");
        assertThat(r.receive(null, sig, body).status()).isEqualTo(401);
        // correctly signed but outside the window
        long old = NOW.getEpochSecond() - 3600;
        assertThat(r.receive(Long.toString(old), WebhookReceiver.sign(SECRET, old, body), body).message())
                .contains("replay window");
        // correctly signed but not JSON objects
        byte[] bad = "[1,2]".getBytes(StandardCharsets.UTF_8);
        assertThat(r.receive(Long.toString(ts), WebhookReceiver.sign(SECRET, ts, bad), bad).status()).isEqualTo(400);
        assertThat(Files.readAllLines(buffer)).hasSize(2);
    }

    @Test
    void bufferedRecordsLandOnceWithTheEmailHashed() throws Exception {
        ShopId shop = ShopId.of("acme");
        EltLayout layout = new EltLayout(dir.resolve("lake"));
        Path buffer = layout.webhookBuffer(shop, "signups");
        WebhookReceiver r = receiver(buffer);
        long ts = NOW.getEpochSecond();
        byte[] one = "{\"email\":\"A@Example.com\",\"plan\":\"gold\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(r.receive(Long.toString(ts), WebhookReceiver.sign(SECRET, ts, one), one).status()).isEqualTo(202);
        // a crash in the middle of an append leaves a line without its newline: never acknowledged, never landed
        Files.writeString(buffer, "123\tsha256=x\t{\"email\":\"half", java.nio.file.StandardOpenOption.APPEND);

        SourceSpec spec = new SourceSpec("signups", "webhook", true, Map.of("email", PiiKind.EMAIL), RawFormat.JSONL,
                Optional.empty(), Optional.empty(), Optional.of("env:HOOK"));
        PiiHasher hasher = PiiHasher.forShop(Examples.SECRET, shop);
        Lander lander = new Lander(layout, shop, hasher, Clock.fixed(NOW, ZoneOffset.UTC));
        WebhookConnector c = new WebhookConnector(buffer, dir.resolve("scratch"));
        Lander.Outcome first = lander.load(spec, c, "l1");
        assertThat(first.manifest().rows()).isEqualTo(1);
        assertThat(lander.load(spec, c, "l2").manifest().rows()).isZero();
        try (var db = Duck.open(1)) {
            Path part = layout.root().resolve(first.manifest().files().get(0).path());
            assertThat(Duck.scalarLong(db,
                    "SELECT count(*) FROM read_parquet(" + Duck.lit(part) + ") WHERE email = "
                            + Duck.lit(hasher.hash(PiiKind.EMAIL, "a@example.com")) + " AND plan = 'gold'"))
                                    .isEqualTo(1);
        }
    }
}
