package org.shoptide.engine.api;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.shoptide.core.catalog.Item;

/**
 * What a customer may still spend, for a recommendation request: the remaining amount of their overall budget and of
 * their category budgets in the current period, in major units of one currency (items priced in another currency are
 * not compared). As a hard filter nothing above what remains is shown; otherwise an item over the budget is ranked
 * lower (half its score times {@link #fit} squared) and the fit is a feature a re-ranker learns from.
 *
 * @param remaining
 *            what remains of the overall budget, or null without one
 * @param remainingByCategory
 *            category name (any level of the item's category path, case-insensitive) → what remains of that budget
 * @param hard
 *            filter instead of rank (the request asks for it; a shop's {@code withinBudget} rule asks for it too)
 */
public record BudgetLimit(String currency, Double remaining, Map<String, Double> remainingByCategory, boolean hard) {

    public BudgetLimit {
        Objects.requireNonNull(currency, "currency");
        Map<String, Double> m = new TreeMap<>();
        if (remainingByCategory != null) {
            remainingByCategory.forEach((k, v) -> m.merge(k.toLowerCase(Locale.ROOT), v, Math::min));
        }
        remainingByCategory = Map.copyOf(m);
    }

    /** The same limit as a hard filter or not. */
    public BudgetLimit withHard(boolean h) {
        return new BudgetLimit(currency, remaining, remainingByCategory, h);
    }

    /**
     * What remains for an item: the smallest of the overall budget and the budgets of the categories on its path; null
     * when no budget applies (no budget, unknown price, another currency).
     */
    public Double remainingFor(Item item) {
        if (item.price() == null || (item.currency() != null && !item.currency().equalsIgnoreCase(currency))) {
            return null;
        }
        Double r = remaining;
        for (String c : item.categoryPath()) {
            Double byCategory = remainingByCategory.get(c.toLowerCase(Locale.ROOT));
            if (byCategory != null && (r == null || byCategory < r)) {
                r = byCategory;
            }
        }
        return r;
    }

    /** 1 for an item within what remains (or without a budget), else remaining / price (0 when nothing remains). */
    public double fit(Item item) {
        Double r = remainingFor(item);
        if (r == null || item.price() <= r) {
            return 1;
        }
        return Math.max(0, r) / item.price();
    }
}
