package org.shoptide.engine.api;

/**
 * The experiment variant an answer was served under.
 *
 * @param variantRules
 *            true when the variant's own rule set replaced the shop's rules for this answer
 */
public record ExperimentAssignment(String id, String variant, boolean variantRules) {
}
