package org.shoptide.elt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.model.DuckModelRunner;
import org.shoptide.elt.model.RunReport;
import org.shoptide.elt.model.SqlModel;

/**
 * The ELT of each shop: loads its configured sources into the raw lake and runs its SQL models into the marts. A shop's
 * configuration is the directory {@code <elt.dir>/<shop>/} with {@code sources.json} and, optionally, {@code
 * models/*.sql} (without it the shipped customer-360 models run). This is the job hook ({@link #runAll}) and what the
 * {@code shoptide elt} command calls.
 */
public final class EltService {
    private static final DateTimeFormatter LOAD_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final EltLayout layout;
    private final Path configRoot;
    private final String piiSecret;
    private final Connectors connectors;
    private final Clock clock;
    private final int threads;

    public EltService(EltLayout layout, Path configRoot, String piiSecret, Connectors connectors, Clock clock,
            int threads) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.configRoot = Objects.requireNonNull(configRoot, "configRoot");
        this.piiSecret = Objects.requireNonNull(piiSecret, "elt.pii-secret");
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.threads = threads;
    }

    public EltLayout layout() {
        return layout;
    }

    public Path shopDir(ShopId shop) {
        return configRoot.resolve(shop.value());
    }

    public List<SourceSpec> sources(ShopId shop) {
        Path f = shopDir(shop).resolve("sources.json");
        try {
            return SourceSpecs.read(f);
        } catch (IOException e) {
            throw new EltException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    public SourceSpec source(ShopId shop, String name) {
        return sources(shop).stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new EltException("shop " + shop + " has no source '" + name + "' in sources.json"));
    }

    public Lander lander(ShopId shop) {
        return new Lander(layout, shop, PiiHasher.forShop(piiSecret, shop), clock);
    }

    public PiiHasher hasher(ShopId shop) {
        return PiiHasher.forShop(piiSecret, shop);
    }

    /**
     * Loads one source. Without a load id, an unfinished load of the source is resumed (its id reused); otherwise a new
     * id from the clock is used.
     */
    public Lander.Outcome load(ShopId shop, String source, Optional<String> loadId) {
        SourceSpec spec = source(shop, source);
        String id = loadId.orElseGet(() -> unfinished(shop, source).orElseGet(() -> LOAD_ID.format(clock.instant())));
        return lander(shop).load(spec, connectors.of(shop, spec, shopDir(shop)), id);
    }

    /** Loads every source that has consent; sources without consent are skipped and reported. */
    public List<String> loadAll(ShopId shop) {
        List<String> out = new ArrayList<>();
        for (SourceSpec s : sources(shop)) {
            if (!s.consent()) {
                out.add(s.name() + ": skipped, no consent recorded");
                continue;
            }
            Lander.Outcome o = load(shop, s.name(), Optional.empty());
            out.add(s.name() + ": load " + o.manifest().load() + ", " + o.manifest().rows() + " rows"
                    + (o.alreadyCommitted() ? " (already committed)" : ""));
        }
        return out;
    }

    public List<SqlModel> models(ShopId shop) {
        Path dir = shopDir(shop).resolve("models");
        try {
            return Files.isDirectory(dir) ? SqlModel.readDir(dir) : SqlModel.shipped();
        } catch (IOException e) {
            throw new EltException("cannot read the models in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Builds, tests and publishes the shop's models as of {@code asOf}. */
    public RunReport run(ShopId shop, LocalDate asOf) {
        return new DuckModelRunner(layout, threads).run(shop, models(shop), asOf, LOAD_ID.format(clock.instant()));
    }

    /** Builds the models and runs their data tests without publishing anything (a dry run). */
    public RunReport test(ShopId shop, LocalDate asOf) {
        return new DuckModelRunner(layout, threads).run(shop, models(shop), asOf, LOAD_ID.format(clock.instant()),
                false);
    }

    /** The job hook: every source with consent, then the models as of today (UTC). */
    public RunReport runAll(ShopId shop) {
        loadAll(shop);
        return run(shop, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
    }

    /**
     * Erases a customer (by user id and/or e-mail, hashed here) from the shop's raw lake and marts; see
     * {@link EltEraser}.
     */
    public EltEraser.Erasure erase(ShopId shop, Optional<String> userId, Optional<String> email) {
        PiiHasher h = hasher(shop);
        return new EltEraser(layout, clock).erase(shop, sources(shop), h, userId,
                email.map(e -> h.hash(PiiKind.EMAIL, e)));
    }

    /** One line per source: last committed load, rows landed in all, unfinished load if any. */
    public List<String> status(ShopId shop) {
        List<String> out = new ArrayList<>();
        Lander lander = lander(shop);
        for (SourceSpec s : sources(shop)) {
            try {
                List<LoadManifest> ms = lander.manifests(s.name());
                long rows = ms.stream().mapToLong(LoadManifest::rows).sum();
                Optional<LoadManifest> last = ms.stream().max((a, b) -> a.ended().compareTo(b.ended()));
                out.add(s.name() + " (" + s.kind() + (s.consent() ? "" : ", NO CONSENT") + "): " + ms.size()
                        + " loads, " + rows + " rows"
                        + last.map(m -> ", last " + m.load() + " at " + m.ended()).orElse("")
                        + unfinished(shop, s.name()).map(u -> ", unfinished load " + u).orElse(""));
            } catch (IOException e) {
                out.add(s.name() + ": cannot read lineage: " + e.getMessage());
            }
        }
        return out;
    }

    private Optional<String> unfinished(ShopId shop, String source) {
        Path dir = layout.loads(shop, source);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("load=") && n.endsWith(".progress"))
                    .map(n -> n.substring("load=".length(), n.length() - ".progress".length())).sorted().findFirst();
        } catch (IOException e) {
            throw new EltException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
