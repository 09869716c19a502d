package org.shoptide.server.trade;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.BudgetLimit;
import org.shoptide.server.http.handler.BudgetLookup;
import org.shoptide.trade.BudgetService;
import org.shoptide.trade.BudgetService.BudgetView;
import org.shoptide.trade.Money;

/**
 * A customer's budgets in force, as the engine's {@link BudgetLimit}: the tightest overall budget and the tightest
 * budget per category, in the currency of the tightest one (budgets in other currencies are left out: nothing converts
 * currencies), converted from minor to major units once.
 */
public final class BudgetLimits implements BudgetLookup {
    private final BudgetService budgets;

    public BudgetLimits(BudgetService budgets) {
        this.budgets = budgets;
    }

    @Override
    public Optional<BudgetLimit> limit(ShopId shop, String userId) {
        if (userId == null) {
            return Optional.empty();
        }
        List<BudgetView> inForce = budgets.list(shop, userId).stream().filter(v -> v.periodStart() != null).toList();
        if (inForce.isEmpty()) {
            return Optional.empty();
        }
        String currency = inForce.stream().min(Comparator.comparingLong(BudgetView::remainingMinor)).orElseThrow()
                .budget().currency();
        Double overall = null;
        Map<String, Double> byCategory = new HashMap<>();
        for (BudgetView v : inForce) {
            if (!v.budget().currency().equals(currency)) {
                continue;
            }
            double remaining = Money.toMajor(v.remainingMinor(), currency);
            if (v.budget().category() == null) {
                overall = overall == null ? remaining : Math.min(overall, remaining);
            } else {
                byCategory.merge(v.budget().category(), remaining, Math::min);
            }
        }
        return Optional.of(new BudgetLimit(currency, overall, byCategory, false));
    }
}
