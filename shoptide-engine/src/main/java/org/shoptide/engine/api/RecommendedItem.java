package org.shoptide.engine.api;

import java.util.Map;
import org.shoptide.core.catalog.Item;

/**
 * One recommended item.
 *
 * @param score
 *            blended score; higher is better, comparable only within one answer
 * @param reason
 *            short human-readable reason ("viewed together with X", "popular in Garden")
 * @param source
 *            the candidate source that contributed most (als, cooccurrence, session, trending, popular, content), or
 *            {@code pin} for an item a pin rule placed
 * @param item
 *            the catalog entry, or null when the catalog does not know the id
 * @param position
 *            1-based position in the answer (0 before positions are assigned)
 * @param propensity
 *            with exploration on, the probability that the logging policy shows this item at this position; else null
 * @param sourceScores
 *            each candidate source's score of the item, normalised by that source's best score in this request (0..1);
 *            the features a re-ranker can learn from. Empty for items the answer was topped up with.
 */
public record RecommendedItem(String itemId, double score, String reason, String source, Item item, int position,
        Double propensity, Map<String, Double> sourceScores) {

    public RecommendedItem {
        sourceScores = sourceScores == null ? Map.of() : Map.copyOf(sourceScores);
    }

    public RecommendedItem(String itemId, double score, String reason, String source, Item item) {
        this(itemId, score, reason, source, item, 0, null, null);
    }

    public RecommendedItem(String itemId, double score, String reason, String source, Item item, int position,
            Double propensity) {
        this(itemId, score, reason, source, item, position, propensity, null);
    }

    public RecommendedItem withScore(double newScore) {
        return new RecommendedItem(itemId, newScore, reason, source, item, position, propensity, sourceScores);
    }

    public RecommendedItem placed(int newPosition, Double newPropensity) {
        return new RecommendedItem(itemId, score, reason, source, item, newPosition, newPropensity, sourceScores);
    }

    public RecommendedItem withSourceScores(Map<String, Double> scores) {
        return new RecommendedItem(itemId, score, reason, source, item, position, propensity, scores);
    }
}
