package org.shoptide.feeds;

import java.util.Locale;
import java.util.Optional;

/** The feed formats Shoptide reads, by the short name used in the API and the store. */
public enum FeedKind {
    /** A JSON product API, paged by next URL, cursor or page number; JSON pointers locate the items and fields. */
    JSON("json"),
    /** A CSV file (RFC 4180) with a header row; columns are mapped to item fields by name. */
    CSV("csv"),
    /** A Google Merchant Center feed: RSS 2.0 or Atom 1.0 with the {@code g:} namespace. */
    MERCHANT("merchant"),
    /** A Shopify-style {@code /products.json}: products with variants, paged by {@code ?page=} or Link headers. */
    SHOPIFY("shopify"),
    /** schema.org {@code Product} JSON-LD embedded in product pages, listed by a sitemap or in the options. */
    JSONLD("jsonld");

    private final String wireName;

    FeedKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<FeedKind> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.toLowerCase(Locale.ROOT);
        for (FeedKind k : values()) {
            if (k.wireName.equals(n)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
