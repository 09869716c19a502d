package org.shoptide.server.http.handler;

import java.util.Optional;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.BudgetLimit;

/**
 * What a customer may still spend, for recommendations and the assistant: the trade feature's budgets, or nothing where
 * trade does not run.
 */
@FunctionalInterface
public interface BudgetLookup {
    BudgetLookup NONE = (shop, userId) -> Optional.empty();

    /** The customer's remaining budgets as a (soft) limit, or empty when they have none in force. */
    Optional<BudgetLimit> limit(ShopId shop, String userId);
}
