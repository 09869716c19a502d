package org.shoptide.engine.api;

import org.shoptide.core.catalog.Item;

/**
 * One recommended item.
 *
 * @param score
 *            blended score; higher is better, comparable only within one answer
 * @param reason
 *            short human-readable reason ("viewed together with X", "popular in Garden")
 * @param source
 *            the candidate source that contributed most (als, cooccurrence, session, trending, popular, content)
 * @param item
 *            the catalog entry, or null when the catalog does not know the id
 */
public record RecommendedItem(String itemId, double score, String reason, String source, Item item) {
}
