/**
 * Orders, payments, refunds and customer budgets: the use cases of the trade feature, over the trade store ports of
 * core and a {@link org.shoptide.core.port.PaymentProvider}. The engine is reached only through {@link TradeCatalog}
 * and {@link TradeEventSink}, which the server adapts. See {@code docs/TRADE.md}.
 */
package org.shoptide.trade;
