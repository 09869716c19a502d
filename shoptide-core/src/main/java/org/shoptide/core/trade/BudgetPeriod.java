package org.shoptide.core.trade;

/** How a budget's period is cut: calendar months or ISO weeks (UTC), or one fixed range. */
public enum BudgetPeriod {
    MONTH, WEEK, RANGE
}
