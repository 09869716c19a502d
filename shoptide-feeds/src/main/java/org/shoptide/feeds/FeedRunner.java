package org.shoptide.feeds;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.FeedStore.Validators;
import org.shoptide.feeds.format.CsvConnector;
import org.shoptide.feeds.format.JsonApiConnector;
import org.shoptide.feeds.format.JsonLdConnector;
import org.shoptide.feeds.format.MerchantConnector;
import org.shoptide.feeds.format.ShopifyConnector;
import org.shoptide.feeds.http.HttpFetcher;
import org.shoptide.feeds.http.RobotsPolicy;

/**
 * One run of one feed: fetch every page, map to items, validate all of them with the catalog's rules, diff against the
 * catalog and apply the difference, all or nothing. Any failure (a page that cannot be fetched after retries, a
 * document that does not parse, one invalid item, a store error) applies nothing and ends in a failure report. A feed
 * that lists no items while the catalog holds items of it fails too (an emptied export should not wipe a catalog). Does
 * not guard against overlapping runs: {@link FeedService} does.
 */
public final class FeedRunner {

    /** A finished run: its report and the validators the next run should send. */
    public record Result(FeedReport report, Map<String, Validators> validators) {
    }

    private final HttpFetcher fetcher;
    private final RobotsPolicy robots;
    private final FeedCatalog catalog;
    private final Function<String, Optional<String>> secrets;
    private final Clock clock;
    private final Map<FeedKind, FeedConnector> connectors = new EnumMap<>(FeedKind.class);

    /**
     * @param secrets
     *            resolves a secret reference ({@code env:NAME}) to its value
     */
    public FeedRunner(HttpFetcher fetcher, RobotsPolicy robots, FeedCatalog catalog,
            Function<String, Optional<String>> secrets, Clock clock) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.robots = Objects.requireNonNull(robots, "robots");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.clock = Objects.requireNonNull(clock, "clock");
        connectors.put(FeedKind.JSON, new JsonApiConnector());
        connectors.put(FeedKind.CSV, new CsvConnector());
        connectors.put(FeedKind.MERCHANT, new MerchantConnector());
        connectors.put(FeedKind.SHOPIFY, new ShopifyConnector());
        connectors.put(FeedKind.JSONLD, new JsonLdConnector());
    }

    public Result run(FeedDefinition feed, Map<String, Validators> previous) throws InterruptedException {
        Instant started = clock.instant();
        PageFetcher pages = null;
        try {
            pages = new PageFetcher(fetcher, robots, headers(feed), previous);
            FetchedFeed fetched = connectors.get(feed.kind()).fetch(feed, pages);
            if (fetched.notModified()) {
                return new Result(report(feed, started, FeedReport.Outcome.NOT_MODIFIED, fetched, 0,
                        FeedReport.Counts.NONE, List.of(), List.of()), fetched.validators());
            }
            List<FeedError> errors = new ArrayList<>();
            List<Item> items = ItemMapper.map(feed, fetched.items(), errors);
            if (!errors.isEmpty()) {
                throw new FeedException(errors);
            }
            validate(feed, fetched.items(), items);
            Map<String, Item> current = catalog.items(feed.shop());
            CatalogDiff.Plan plan = CatalogDiff.plan(current, items, feed.id(), feed.options().gone());
            if (items.isEmpty() && current.values().stream()
                    .anyMatch(i -> feed.id().equals(i.attributes().get(ItemMapper.FEED_ATTRIBUTE)))) {
                throw new FeedException(FeedError.of("the feed lists no items, but the catalog holds items of this"
                        + " feed; refusing to treat them all as gone (nothing was applied)"));
            }
            if (!plan.upserts().isEmpty() || !plan.deletes().isEmpty()) {
                catalog.apply(feed.shop(), feed.id(), plan.upserts(), plan.deletes());
            }
            int stock = (int) plan.changes().stream().filter(ItemChange::stockChanged).count();
            int price = (int) plan.changes().stream().filter(ItemChange::priceChanged).count();
            FeedReport.Counts counts = new FeedReport.Counts((int) plan.count(ItemChange.Kind.CREATED),
                    (int) plan.count(ItemChange.Kind.CHANGED), (int) plan.count(ItemChange.Kind.GONE), plan.unchanged(),
                    stock, price);
            return new Result(report(feed, started, FeedReport.Outcome.SUCCESS, fetched, items.size(), counts,
                    plan.changes(), List.of()), fetched.validators());
        } catch (FeedException e) {
            return failure(feed, started, pages, e.errors(), previous);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return failure(feed, started, pages, List.of(FeedError.of("the run failed: " + message)), previous);
        }
    }

    private void validate(FeedDefinition feed, List<RawItem> raws, List<Item> items) throws FeedException {
        List<FeedError> errors = new ArrayList<>();
        int batch = 10_000;
        for (int from = 0; from < items.size(); from += batch) {
            List<Item> chunk = items.subList(from, Math.min(items.size(), from + batch));
            for (FieldViolation v : catalog.validate(feed.shop(), chunk)) {
                int index = v.index() < 0 ? -1 : from + v.index();
                if (index < 0 || index >= items.size()) {
                    errors.add(FeedError.of(v.field() + ": " + v.message()));
                } else {
                    RawItem raw = raws.get(index); // items and raws align: mapping failures already threw
                    errors.add(FeedError.at(raw.at(), items.get(index).id(), v.field(), v.message()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new FeedException(errors);
        }
    }

    private Map<String, String> headers(FeedDefinition feed) throws FeedException {
        FeedOptions o = feed.options();
        if (o.authHeader() == null) {
            return Map.of();
        }
        Optional<String> value = secrets.apply(o.authSecret());
        if (value.isEmpty()) {
            throw new FeedException(FeedError.of(
                    "the secret " + o.authSecret() + " of header " + o.authHeader() + " is not set on this server"));
        }
        return Map.of(o.authHeader(), value.get());
    }

    private Result failure(FeedDefinition feed, Instant started, PageFetcher pages, List<FeedError> errors,
            Map<String, Validators> previous) {
        FeedReport r = new FeedReport(feed.id(), feed.kind().wireName(), FeedReport.Outcome.FAILURE, started,
                clock.instant(), pages == null ? 0 : pages.pages(), pages == null ? 0 : pages.bytes(), 0,
                FeedReport.Counts.NONE, List.of(), errors, List.of());
        return new Result(r, previous); // nothing applied: the next run must not be told "not modified"
    }

    private FeedReport report(FeedDefinition feed, Instant started, FeedReport.Outcome outcome, FetchedFeed f,
            int itemsRead, FeedReport.Counts counts, List<ItemChange> changes, List<FeedError> errors) {
        return new FeedReport(feed.id(), feed.kind().wireName(), outcome, started, clock.instant(), f.pages(),
                f.bytes(), itemsRead, counts, changes, errors, f.warnings());
    }
}
