package org.shoptide.server.price;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.shoptide.core.port.PriceAlertStore;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.WebhookDelivery;
import org.shoptide.server.http.Json;

/**
 * Delivers price drops to each shop's webhook from the durable outbox of {@link PriceAlertStore} (ADR 0027).
 * <p>
 * <b>Protocol.</b> {@code POST} of a JSON body ({@link #body}) with headers {@value #ID_HEADER} (the drop id: the same
 * on every retry, so the shop dedupes on it), {@value #TIMESTAMP_HEADER} (Unix seconds of this attempt) and
 * {@value #SIGNATURE_HEADER} {@code v1=<hex>}, the HMAC-SHA256 under the shop's webhook secret of
 * {@code <timestamp>.<body>} (the receiver recomputes it and rejects old timestamps against replays).
 * <p>
 * <b>Delivery</b> is at least once: a delivery stays in the outbox until a 2xx answer, so a crash or restart re-sends
 * whatever was not acknowledged. A failed attempt (non-2xx, time-out, connection error) is retried after
 * {@code base × 2^(attempts-1)}, at most {@link #MAX_BACKOFF}, for as long as it fails. The body is built at each
 * attempt from the drop's current recipients, so a customer erased meanwhile is not sent.
 */
public final class PriceWebhooks implements AutoCloseable {
    public static final String ID_HEADER = "Shoptide-Webhook-Id";
    public static final String TIMESTAMP_HEADER = "Shoptide-Timestamp";
    public static final String SIGNATURE_HEADER = "Shoptide-Signature";
    static final Duration MAX_BACKOFF = Duration.ofHours(6);
    private static final System.Logger LOG = System.getLogger(PriceWebhooks.class.getName());
    private static final int BATCH = 100;

    private final PriceAlertStore alerts;
    private final Clock clock;
    private final Duration baseBackoff;
    private final Duration timeout;
    private final HttpClient http;
    private final ScheduledExecutorService loop;
    private final ScheduledFuture<?> polling;

    /**
     * Starts polling the outbox every {@code poll}.
     *
     * @param baseBackoff
     *            the wait after the first failed attempt (doubles with each further one)
     */
    public PriceWebhooks(PriceAlertStore alerts, Clock clock, Duration poll, Duration baseBackoff, Duration timeout) {
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.baseBackoff = baseBackoff;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "price-webhooks");
            t.setDaemon(true);
            return t;
        });
        this.polling = loop.scheduleWithFixedDelay(this::runSafely, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "price webhooks: the outbox could not be read; retrying", e);
        }
    }

    /** One pass over the due deliveries; returns how many were acknowledged. */
    int deliverDue() {
        int ok = 0;
        for (WebhookDelivery d : alerts.due(clock.instant(), BATCH)) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            if (attempt(d)) {
                ok++;
            }
        }
        return ok;
    }

    private boolean attempt(WebhookDelivery d) {
        int attempts = d.attempts() + 1;
        String error;
        try {
            PriceAlertSettings s = alerts.settings(d.shop());
            Optional<PriceDrop> drop = alerts.drop(d.shop(), d.dropId());
            if (drop.isEmpty()) {
                alerts.delivered(d.shop(), d.dropId(), clock.instant()); // nothing left to send
                return false;
            }
            if (s.webhookUrl() == null) {
                error = "the shop has no webhook configured";
            } else {
                String body = body(d.shop().value(), drop.get(), alerts.recipients(d.shop(), d.dropId()));
                long ts = clock.instant().getEpochSecond();
                HttpRequest req = HttpRequest.newBuilder(URI.create(s.webhookUrl())).timeout(timeout)
                        .header("Content-Type", "application/json").header(ID_HEADER, d.dropId())
                        .header(TIMESTAMP_HEADER, Long.toString(ts))
                        .header(SIGNATURE_HEADER, "v1=" + sign(s.webhookSecret(), ts, body))
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                HttpResponse<Void> res = http.send(req, HttpResponse.BodyHandlers.discarding());
                if (res.statusCode() / 100 == 2) {
                    alerts.delivered(d.shop(), d.dropId(), clock.instant());
                    return true;
                }
                error = "HTTP " + res.statusCode();
            }
        } catch (IOException | IllegalArgumentException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Instant next = clock.instant().plus(backoff(attempts));
        alerts.retryLater(d.shop(), d.dropId(), attempts, next, error);
        LOG.log(Level.INFO, "price webhook {0} of shop {1}: attempt {2} failed ({3}); next at {4}", d.dropId(),
                d.shop(), attempts, error, next);
        return false;
    }

    /** The wait after {@code attempts} failed attempts: base × 2^(attempts-1), capped. */
    Duration backoff(int attempts) {
        int shift = Math.min(Math.max(attempts - 1, 0), 30);
        Duration d = baseBackoff.multipliedBy(1L << shift);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** The webhook's JSON body: the drop, in minor units, and the customers who cared. */
    static String body(String shop, PriceDrop d, List<String> userIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("type", "price_drop");
        m.put("shop", shop);
        m.put("itemId", d.itemId());
        m.put("source", d.source());
        m.put("currency", d.currency());
        m.put("oldPriceMinor", d.oldMinor());
        m.put("newPriceMinor", d.newMinor());
        m.put("dropPercent", Math.round(d.percent() * 100) / 100.0);
        m.put("at", d.at().toString());
        m.put("userIds", userIds);
        try {
            return Json.MAPPER.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a webhook body", e);
        }
    }

    /** Hex HMAC-SHA256 of {@code <timestamp>.<body>} under {@code secret}. */
    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public void close() {
        polling.cancel(false);
        loop.shutdownNow();
        try {
            loop.awaitTermination(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }
}
