package org.shoptide.engine.rerank;

import java.util.Map;

/**
 * One blended candidate.
 *
 * @param score
 *            the blended score
 * @param blendRank
 *            1-based rank in the blend's order
 * @param sourceScores
 *            each contributing source's score, normalised by that source's best score in the request (0..1)
 */
public record RerankCandidate(String itemId, double score, int blendRank, Map<String, Double> sourceScores) {
    public RerankCandidate {
        sourceScores = Map.copyOf(sourceScores);
    }
}
