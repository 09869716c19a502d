package org.shoptide.feeds;

/**
 * One invalid field: of an item (index = its position in the validated batch) or of a feed definition (index -1).
 */
public record FieldViolation(int index, String field, String message) {
}
