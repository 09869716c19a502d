package org.shoptide.trade;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.port.TradeStore.Transaction;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.trade.Budget;
import org.shoptide.core.trade.BudgetPeriod;

/**
 * Customer budgets: set, read with what was spent, delete, and the remaining amount recommendations respect. Spent is
 * the sum of the spend ledger over the budget's current period, which paid orders and succeeded refunds write in the
 * transaction that changes the order, so a budget always equals its paid orders minus their refunds. Periods are
 * calendar months and ISO weeks in UTC, or one fixed range.
 */
public final class BudgetService {
    private final TradeStore store;
    private final Clock clock;

    public BudgetService(TradeStore store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A budget to set.
     *
     * @param category
     *            a category name of the shop's tree, or null for every purchase
     * @param from
     *            start of a {@link BudgetPeriod#RANGE} budget, else null
     * @param to
     *            end (exclusive) of a {@link BudgetPeriod#RANGE} budget, else null
     */
    public record BudgetRequest(String category, BudgetPeriod period, long amountMinor, String currency, Instant from,
            Instant to) {
    }

    /** A budget with its current period and what was spent in it. */
    public record BudgetView(Budget budget, Instant periodStart, Instant periodEnd, long spentMinor,
            long remainingMinor) {
    }

    /** Sets (creates or replaces) the customer's budget for the request's category and period. */
    public BudgetView put(ShopId shop, String userId, BudgetRequest r) {
        OrderService.checkId("userId", userId, true);
        if (r.category() != null) {
            OrderService.checkId("category", r.category(), true);
        }
        BudgetPeriod period = r.period() == null ? BudgetPeriod.MONTH : r.period();
        if (r.amountMinor() < 0) {
            throw TradeException.invalid("amountMinor", "amountMinor must be >= 0");
        }
        Money.currency(r.currency());
        if (period == BudgetPeriod.RANGE) {
            if (r.from() == null || r.to() == null || !r.to().isAfter(r.from())) {
                throw TradeException.invalid("to", "a range budget needs from and to, with to after from");
            }
        } else if (r.from() != null || r.to() != null) {
            throw TradeException.invalid("from", "from and to are only for the range period");
        }
        Instant now = clock.instant();
        Budget b = new Budget(shop, userId, r.category(), period, r.from(), r.to(), r.amountMinor(), r.currency(), now);
        return store.write(tx -> {
            tx.putBudget(b);
            return view(tx, b, now);
        });
    }

    /** The customer's budgets with spent and remaining in their current period. */
    public List<BudgetView> list(ShopId shop, String userId) {
        OrderService.checkId("userId", userId, true);
        Instant now = clock.instant();
        return store.read(tx -> tx.budgets(shop, userId).stream().map(b -> view(tx, b, now)).toList());
    }

    /** Removes one budget by its id ({@link Budget#budgetId()}). */
    public void delete(ShopId shop, String userId, String budgetId) {
        if (!store.write(tx -> tx.deleteBudget(shop, userId, budgetId))) {
            throw TradeException.notFound("budget", budgetId);
        }
    }

    /**
     * The tightest budget that applies to buying in {@code category} at {@code now}: the customer's overall budgets and
     * those of {@code category} (null: overall only); empty when none applies. Its {@code remainingMinor} (in its
     * currency) is what recommendations respect.
     */
    public Optional<BudgetView> remaining(ShopId shop, String userId, String category, Instant now) {
        return store.read(tx -> tx.budgets(shop, userId).stream()
                .filter(b -> b.category() == null || b.category().equals(category)).map(b -> view(tx, b, now))
                .filter(v -> v.periodStart() != null).min(Comparator.comparingLong(BudgetView::remainingMinor)));
    }

    private static BudgetView view(Transaction tx, Budget b, Instant now) {
        Instant[] p = period(b, now);
        if (p == null) {
            return new BudgetView(b, null, null, 0, b.amountMinor());
        }
        long spent = tx.spent(b.shop(), b.userId(), b.currency(), b.category(), p[0], p[1]);
        return new BudgetView(b, p[0], p[1], spent, b.amountMinor() - spent);
    }

    /** The period of {@code b} containing {@code now}; null for a range that does not contain it. */
    static Instant[] period(Budget b, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return switch (b.period()) {
            case MONTH -> new Instant[] { day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    day.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant() };
            case WEEK -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new Instant[] { monday.atStartOfDay(ZoneOffset.UTC).toInstant(),
                        monday.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant() };
            }
            case RANGE -> now.isBefore(b.rangeStart()) || !now.isBefore(b.rangeEnd()) ? null
                    : new Instant[] { b.rangeStart(), b.rangeEnd() };
        };
    }
}
