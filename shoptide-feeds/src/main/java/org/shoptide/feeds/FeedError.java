package org.shoptide.feeds;

/**
 * One problem of a run, located as precisely as the format allows.
 *
 * @param url
 *            the page or file it was found in; null when it concerns the whole run
 * @param page
 *            1-based page of the run, 0 when not known
 * @param line
 *            1-based line (CSV, XML) or 0
 * @param item
 *            the item's id or its 0-based position in the page ("#3"), null when it concerns no item
 * @param field
 *            the item field, or null
 */
public record FeedError(String url, int page, int line, String item, String field, String message) {

    public static FeedError of(String message) {
        return new FeedError(null, 0, 0, null, null, message);
    }

    public static FeedError at(SourcePosition at, String item, String field, String message) {
        return new FeedError(at.url(), at.page(), at.line(), item, field, message);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (url != null) {
            b.append(url);
        }
        if (page > 0) {
            b.append(" page ").append(page);
        }
        if (line > 0) {
            b.append(" line ").append(line);
        }
        if (item != null) {
            b.append(" item ").append(item);
        }
        if (field != null) {
            b.append(" field ").append(field);
        }
        return (b.isEmpty() ? "" : b.toString().strip() + ": ") + message;
    }
}
