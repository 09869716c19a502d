package org.shoptide.feeds;

import java.util.Locale;
import java.util.Optional;

/** How a JSON API feed finds its next page. */
public enum Paging {
    /** One request. */
    NONE,
    /** The next page's URL is in the body, at {@code nextPath}; absent, null or empty ends the feed. */
    NEXT_URL,
    /** The next page's URL is the {@code Link} header's {@code rel="next"} (RFC 8288). */
    LINK,
    /** A cursor in the body at {@code cursorPath} is sent as query parameter {@code cursorParam}; none ends it. */
    CURSOR,
    /** Query parameter {@code pageParam} counts from {@code firstPage}; a page with no items ends the feed. */
    PAGE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Paging> of(String name) {
        for (Paging p : values()) {
            if (p.wireName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
