/**
 * The built-in sandbox payment provider: a persistent ledger, a hosted payment page, HMAC-signed notifications POSTed
 * to the notify URL until acknowledged, and knobs for the failures real providers have (delays, duplicates, reordering,
 * time-outs). See {@code docs/TRADE.md}.
 */
package org.shoptide.trade.sandbox;
