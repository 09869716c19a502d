package org.shoptide.core.trade;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * A customer's spending limit, overall ({@code category == null}) or for one category name of the shop's tree, per
 * period. At most one budget per (shop, user, category, period): {@code budgetId} is derived from them.
 *
 * @param rangeStart
 *            start of a {@link BudgetPeriod#RANGE} budget (inclusive), else null
 * @param rangeEnd
 *            end of a {@link BudgetPeriod#RANGE} budget (exclusive), else null
 */
public record Budget(ShopId shop, String userId, String category, BudgetPeriod period, Instant rangeStart,
        Instant rangeEnd, long amountMinor, String currency, Instant updatedAt) {
    public Budget {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (amountMinor < 0) {
            throw new IllegalArgumentException("budget amount must not be negative, got " + amountMinor);
        }
        if ((period == BudgetPeriod.RANGE) != (rangeStart != null && rangeEnd != null)) {
            throw new IllegalArgumentException("a range budget needs its start and end, other periods neither");
        }
        if (rangeStart != null && rangeEnd != null && !rangeEnd.isAfter(rangeStart)) {
            throw new IllegalArgumentException("a range budget must end after it starts");
        }
    }

    /** The id of the budget for this category and period: {@code month}, {@code week:Garden}, ... */
    public String budgetId() {
        return idOf(category, period);
    }

    /** The id of the budget of {@code category} (null = overall) and {@code period}. */
    public static String idOf(String category, BudgetPeriod period) {
        String p = period.name().toLowerCase(Locale.ROOT);
        return category == null ? p : p + ":" + category;
    }
}
