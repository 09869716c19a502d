package org.shoptide.engine;

import org.shoptide.engine.CatalogIndex.Entry;
import org.shoptide.engine.api.Filters;

/**
 * Whether a catalog item passes a request's filters (stock, category at any level, brand, price range, and the
 * customer's remaining budget when it is a hard filter).
 */
final class CatalogFilter {
    private CatalogFilter() {
    }

    static boolean passes(Entry e, Filters f) {
        if (f.inStockOnly() && !e.item().inStock()) {
            return false;
        }
        if (f.category() != null && !e.inCategory(CatalogIndex.lower(f.category()))) {
            return false;
        }
        if (f.brand() != null && (e.brandLower() == null || !e.brandLower().equals(CatalogIndex.lower(f.brand())))) {
            return false;
        }
        Double p = e.item().price();
        if (f.minPrice() != null && (p == null || p < f.minPrice())) {
            return false;
        }
        if (f.budget() != null && f.budget().hard()) {
            Double remaining = f.budget().remainingFor(e.item());
            if (remaining != null && p > remaining) {
                return false;
            }
        }
        return f.maxPrice() == null || (p != null && p <= f.maxPrice());
    }
}
