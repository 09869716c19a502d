package org.shoptide.engine.api;

import java.time.Instant;

/**
 * One version of a shop's business rules.
 *
 * @param version
 *            1, 2, ... ; 0 when the shop never had rules
 * @param createdAt
 *            when this version was stored; null for version 0
 * @param rules
 *            the canonical JSON array of the rules
 */
public record RuleSetInfo(int version, Instant createdAt, String rules) {
}
