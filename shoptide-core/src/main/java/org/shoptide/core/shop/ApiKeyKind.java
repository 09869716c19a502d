package org.shoptide.core.shop;

/**
 * The two kinds of per-shop key. A publishable key may be embedded in web pages: it writes events and reads
 * recommendations. A secret key may do everything for its shop.
 */
public enum ApiKeyKind {
    PUBLISHABLE("pk"), SECRET("sk");

    private final String prefix;

    ApiKeyKind(String prefix) {
        this.prefix = prefix;
    }

    /** The prefix every plaintext key of this kind starts with, e.g. {@code pk}. */
    public String prefix() {
        return prefix;
    }
}
