package org.shoptide.feeds;

/** Reads one feed format: fetches every page of a run through a {@link PageFetcher} and returns its raw items. */
public interface FeedConnector {

    /**
     * Fetches and parses the whole feed. A connector either returns everything or throws: a page that fails or does not
     * parse fails the run.
     *
     * @throws FeedException
     *             with every error found (fetch, syntax, structure)
     */
    FetchedFeed fetch(FeedDefinition feed, PageFetcher pages) throws FeedException, InterruptedException;
}
