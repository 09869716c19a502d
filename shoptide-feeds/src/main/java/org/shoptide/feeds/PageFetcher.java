package org.shoptide.feeds;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.shoptide.core.port.FeedStore.Validators;
import org.shoptide.feeds.http.FetchException;
import org.shoptide.feeds.http.FetchRequest;
import org.shoptide.feeds.http.FetchResponse;
import org.shoptide.feeds.http.HttpFetcher;
import org.shoptide.feeds.http.RobotsPolicy;

/**
 * The fetches of one run: adds the feed's authentication header, sends the previous run's validators where asked,
 * counts pages and bytes, collects the validators for the next run, and turns a failed fetch into a
 * {@link FeedException} naming the page. Not thread-safe except {@link #getAll}, which fetches concurrently through the
 * fetcher.
 */
public final class PageFetcher {
    private final HttpFetcher fetcher;
    private final RobotsPolicy robots;
    private final Map<String, String> headers;
    private final Map<String, Validators> previous;
    private final Map<String, Validators> next = new HashMap<>();
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    public PageFetcher(HttpFetcher fetcher, RobotsPolicy robots, Map<String, String> headers,
            Map<String, Validators> previous) {
        this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
        this.robots = Objects.requireNonNull(robots, "robots");
        this.headers = Map.copyOf(headers);
        this.previous = Map.copyOf(previous);
    }

    /** An unconditional GET; {@code types} are the accepted media types. */
    public FetchResponse get(URI uri, List<String> types) throws FeedException, InterruptedException {
        return fetch(uri, types, false);
    }

    /** A GET with the previous run's validators of this URL: the response may be a 304. */
    public FetchResponse getConditional(URI uri, List<String> types) throws FeedException, InterruptedException {
        return fetch(uri, types, true);
    }

    /** Unconditional GETs of all pages, concurrently within the fetcher's limits, in order. */
    public List<FetchResponse> getAll(List<URI> uris, List<String> types) throws FeedException, InterruptedException {
        List<FetchRequest> requests = new ArrayList<>(uris.size());
        for (URI u : uris) {
            requests.add(new FetchRequest(u, headers, null, types));
        }
        int first = pages.get() + 1;
        try {
            List<FetchResponse> out = fetcher.fetchAll(requests);
            for (FetchResponse r : out) {
                pages.incrementAndGet();
                bytes.addAndGet(r.size());
            }
            return out;
        } catch (FetchException e) {
            int page = first + uris.stream().map(URI::toString).toList().indexOf(e.url());
            throw new FeedException(new FeedError(e.url(), page, 0, null, null, e.getMessage()));
        }
    }

    /** Whether robots.txt lets the crawler read this page. */
    public boolean allowedByRobots(URI page) throws InterruptedException {
        return robots.allows(page);
    }

    private FetchResponse fetch(URI uri, List<String> types, boolean conditional)
            throws FeedException, InterruptedException {
        Validators v = conditional ? previous.get(uri.toString()) : null;
        int page = pages.get() + 1;
        try {
            FetchResponse r = fetcher.fetch(new FetchRequest(uri, headers, v, types));
            pages.incrementAndGet();
            bytes.addAndGet(r.size());
            if (conditional) {
                if (r.notModified()) {
                    next.put(uri.toString(), v);
                } else if (r.validators() != null) {
                    next.put(uri.toString(), r.validators());
                }
            }
            return r;
        } catch (FetchException e) {
            throw new FeedException(new FeedError(uri.toString(), page, 0, null, null, e.getMessage()));
        }
    }

    public int pages() {
        return pages.get();
    }

    public long bytes() {
        return bytes.get();
    }

    /** Validators collected by conditional fetches, for the next run. */
    public Map<String, Validators> validators() {
        return Map.copyOf(next);
    }
}
