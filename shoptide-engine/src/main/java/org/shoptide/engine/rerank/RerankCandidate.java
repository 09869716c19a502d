package org.shoptide.engine.rerank;

import java.util.Map;

/**
 * One blended candidate, with what the server also logs with each impression (blended score, main source, each source's
 * normalised score), so that a re-ranker trained on the log sees the same inputs when it serves.
 *
 * @param score
 *            the blended score
 * @param blendRank
 *            1-based rank in the blend's order
 * @param source
 *            the candidate source that contributed most to the score ({@code als}, {@code cooccurrence}, ...)
 * @param sourceScores
 *            each proposing source's score normalised by that source's best in the request (0..1]
 */
public record RerankCandidate(String itemId, double score, int blendRank, String source,
        Map<String, Double> sourceScores) {
    public RerankCandidate {
        sourceScores = sourceScores == null ? Map.of() : Map.copyOf(sourceScores);
    }
}
