package org.shoptide.engine.api;

import java.time.LocalDate;
import java.util.List;

/**
 * A shop's business figures per UTC day, derived from its event log: visitors, buyers, orders, revenue, and the revenue
 * attributed to recommendations and to the shopping assistant (purchase lines attributed to an answer that showed the
 * item; see ADR 0007's attribution rule). Visitor and buyer counts are HyperLogLog estimates (about 1.6% standard
 * error); money is in minor units per currency, converted once from the events' unit prices.
 */
public record BusinessReport(LocalDate from, LocalDate to, List<Day> days) {

    public BusinessReport {
        days = List.copyOf(days);
    }

    /**
     * One day.
     *
     * @param visitors
     *            distinct users and visitors with any event that day
     * @param buyers
     *            distinct users and visitors with a purchase that day
     * @param revenue
     *            per currency, in the order of the first purchase seen in it
     */
    public record Day(LocalDate date, long visitors, long buyers, long orders, List<Revenue> revenue) {
        public Day {
            revenue = List.copyOf(revenue);
        }

        /** Buyers per visitor, or 0 without visitors. */
        public double conversionRate() {
            return visitors == 0 ? 0 : Math.min(1.0, (double) buyers / visitors);
        }
    }

    /**
     * Money of one currency on one day, in its minor unit.
     *
     * @param orders
     *            purchases in this currency
     * @param recommendationsMinor
     *            revenue of purchase lines attributed to any recommendation answer (the assistant's included)
     * @param assistantMinor
     *            revenue of purchase lines attributed to the assistant's answers
     * @param refundsMinor
     *            refunded amounts
     */
    public record Revenue(String currency, long orders, long revenueMinor, long recommendationsMinor,
            long assistantMinor, long refundsMinor) {
        /** Average order value in minor units, or 0 without orders. */
        public long averageOrderValueMinor() {
            return orders == 0 ? 0 : Math.round((double) revenueMinor / orders);
        }
    }
}
