package org.shoptide.feeds;

/** Where a raw item came from: the URL, the run's 1-based page number, the 1-based line (0: unknown). */
public record SourcePosition(String url, int page, int line) {
}
