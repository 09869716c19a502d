package org.shoptide.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;

/** Prometheus metrics of the HTTP API. */
public final class Metrics {
    /**
     * The latency objective of recommendations (99% within it): an explicit histogram boundary, {@code le="0.25"}, so
     * the SLO burn-rate alerts of {@code config/prometheus/shoptide-alerts.yml} read an exact bucket.
     */
    public static final Duration RECOMMEND_SLO = Duration.ofMillis(250);
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<ShopId, AtomicLong> modelVersion = new ConcurrentHashMap<>();
    private final Map<ShopId, AtomicLong> modelAgeSeconds = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<ShopId, IngestCounters> ingestCounters = new ConcurrentHashMap<>();
    private final Clock clock;

    public Metrics(Clock clock) {
        this.clock = clock;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one request under its route template (never the raw path, to keep cardinality bounded). */
    public void request(String method, String route, int status, double millis) {
        // the meter is looked up once per (method, route, status): building and registering it per request cost
        // about 6% of a single-event POST's CPU
        timers.computeIfAbsent(method + ' ' + route + ' ' + status,
                k -> Timer.builder("shoptide.http.requests").description("HTTP request latency by route template")
                        .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                        .publishPercentileHistogram().serviceLevelObjectives(RECOMMEND_SLO)
                        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                        .register(registry))
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
    }

    /**
     * An event batch of {@code shop} failed to be stored for a server-side reason (event log or store failure), not
     * client validation: {@code shoptide.events.ingest.errors}.
     */
    public void ingestFailed(ShopId shop) {
        ingestErrors(shop).increment();
    }

    private Counter ingestErrors(ShopId shop) {
        return Counter.builder("shoptide.events.ingest.errors")
                .description("Event batches that failed to be stored (server side)").tag("shop", shop.value())
                .register(registry);
    }

    /** A payment failure at {@code provider}: refused, unavailable or declined ({@code shoptide.payment.failures}). */
    public void paymentFailed(String shop, String provider, String reason) {
        Counter.builder("shoptide.payment.failures").description("Payment failures by provider and reason")
                .tag("shop", shop).tag("provider", provider).tag("reason", reason).register(registry).increment();
    }

    public void eventsAccepted(ShopId shop, int accepted, int duplicates) {
        IngestCounters c = ingestCounters.computeIfAbsent(shop, id -> {
            Counter unused = ingestErrors(id); // exists at 0 from the shop's first batch, so Prometheus sees the first
                                               // error as a rise
            return new IngestCounters(
                    Counter.builder("shoptide.events.accepted").description("Events newly stored")
                            .tag("shop", id.value()).register(registry),
                    Counter.builder("shoptide.events.duplicates").description("Events skipped as retries")
                            .tag("shop", id.value()).register(registry));
        });
        c.accepted.increment(accepted);
        c.duplicates.increment(duplicates);
    }

    /**
     * A shop's ingest counters, looked up once (a registry lookup per request showed in single-event POST profiles).
     */
    private record IngestCounters(Counter accepted, Counter duplicates) {
    }

    public void eventsRejected(ShopId shop, int count) {
        Counter.builder("shoptide.events.rejected").description("Events in rejected batches").tag("shop", shop.value())
                .register(registry).increment(count);
    }

    /** Refreshes the per-shop model gauges and renders the Prometheus text format. */
    public String scrape(Engine engine) {
        refresh(engine);
        return registry.scrape();
    }

    /** Refreshes the per-shop model gauges (they are computed, not pushed: scrape and the alert notifier call this). */
    public void refresh(Engine engine) {
        for (Shop shop : engine.listShops()) {
            Optional<ModelInfo> m = engine.currentModel(shop.id());
            AtomicLong version = modelVersion.computeIfAbsent(shop.id(), id -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder("shoptide.model.version", v, AtomicLong::get).description("Served model version")
                        .tag("shop", id.value()).register(registry);
                return v;
            });
            AtomicLong age = modelAgeSeconds.computeIfAbsent(shop.id(), id -> {
                AtomicLong v = new AtomicLong(-1);
                Gauge.builder("shoptide.model.age.seconds", v, AtomicLong::get)
                        .description("Age of the served model (-1: none)").tag("shop", id.value()).register(registry);
                return v;
            });
            version.set(m.map(ModelInfo::version).orElse(0L));
            age.set(m.map(i -> Duration.between(i.createdAt(), clock.instant()).toSeconds()).orElse(-1L));
        }
    }
}
