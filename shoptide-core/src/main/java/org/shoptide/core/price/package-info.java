/**
 * Price tracking: the compact price history of catalog items, detected price drops, the customers notified of them and
 * each shop's alert settings (ADR 0027). Money is integer minor units of an ISO 4217 currency ({@link MinorUnits}).
 */
package org.shoptide.core.price;
