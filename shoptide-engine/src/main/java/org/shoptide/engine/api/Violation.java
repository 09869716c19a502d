package org.shoptide.engine.api;

/**
 * One reason an input was rejected.
 *
 * @param index
 *            position of the bad element in the submitted batch (0-based), or -1 for the request
 * @param field
 *            JSON-pointer-like field name, e.g. {@code lineItems[0].price}
 * @param message
 *            what is wrong and what is expected
 */
public record Violation(int index, String field, String message) {
}
