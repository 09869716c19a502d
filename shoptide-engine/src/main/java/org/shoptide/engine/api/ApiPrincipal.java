package org.shoptide.engine.api;

import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.ShopId;

/** Who is calling: a shop and the kind of key used. */
public record ApiPrincipal(ShopId shop, ApiKeyKind kind) {
}
