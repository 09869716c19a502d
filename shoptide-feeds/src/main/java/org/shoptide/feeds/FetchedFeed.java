package org.shoptide.feeds;

import java.util.List;
import java.util.Map;
import org.shoptide.core.port.FeedStore.Validators;

/**
 * Everything a connector fetched in one run.
 *
 * @param notModified
 *            the source answered 304 to the conditional request: nothing to apply
 * @param validators
 *            the validators to send next time, per URL
 * @param warnings
 *            what was skipped without failing the run (pages robots.txt disallows, pages without product data)
 */
public record FetchedFeed(List<RawItem> items, int pages, long bytes, boolean notModified,
        Map<String, Validators> validators, List<FeedError> warnings) {
    public FetchedFeed {
        items = List.copyOf(items);
        validators = Map.copyOf(validators);
        warnings = List.copyOf(warnings);
    }

    public static FetchedFeed of(List<RawItem> items, PageFetcher pages, List<FeedError> warnings) {
        return new FetchedFeed(items, pages.pages(), pages.bytes(), false, pages.validators(), warnings);
    }

    public static FetchedFeed notModified(PageFetcher pages) {
        return new FetchedFeed(List.of(), pages.pages(), pages.bytes(), true, pages.validators(), List.of());
    }
}
