package org.shoptide.engine.api;

import org.shoptide.core.shop.Shop;

/** A shop with its plaintext keys, returned once at creation. */
public record ShopCredentials(Shop shop, String publishableKey, String secretKey) {
}
