package org.shoptide.elt;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.shoptide.core.shop.ShopId;

/** Builds the connector of a {@link SourceSpec}: the one place that maps a source kind to its implementation. */
public final class Connectors {
    private final EltLayout layout;
    private final Secrets secrets;
    private final HttpClient http;
    private final Clock clock;
    private final HttpFetcher.Sleeper sleeper;
    private final RandomGenerator random;

    public Connectors(EltLayout layout, Secrets secrets, HttpClient http, Clock clock, HttpFetcher.Sleeper sleeper,
            RandomGenerator random) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.http = Objects.requireNonNull(http, "http");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The connector of {@code spec}; file locations resolve against {@code configDir}. */
    public SourceConnector of(ShopId shop, SourceSpec spec, Path configDir) {
        Path scratch = layout.root().resolve("_scratch").resolve("shop=" + shop.value()).resolve(spec.name());
        return switch (spec.kind()) {
            case "file" -> new FileConnector(configDir.resolve(spec.location().orElseThrow()), spec.format());
            case "http" -> {
                SourceSpec.HttpOptions o = spec.http().orElseThrow();
                yield new HttpJsonConnector(o, new HttpFetcher(http, o, secrets, clock, sleeper, random), scratch);
            }
            case "webhook" -> new WebhookConnector(layout.webhookBuffer(shop, spec.name()), scratch);
            default -> throw new IllegalArgumentException("unknown source kind " + spec.kind());
        };
    }
}
