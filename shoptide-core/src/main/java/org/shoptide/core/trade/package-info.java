/**
 * Records of the trade store ports: orders and their state history, payment attempts, refunds, the outbox of events
 * still to append to the log, the notification inbox, customer budgets and their spend ledger. Money is always a
 * {@code long} amount of the currency's minor unit. Behaviour (the state machine, services) lives in shoptide-trade.
 */
package org.shoptide.core.trade;
