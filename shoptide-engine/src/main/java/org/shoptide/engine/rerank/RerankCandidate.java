package org.shoptide.engine.rerank;

/**
 * One blended candidate, as the server also logs it with each impression (score and source), so that a re-ranker
 * trained on the log sees the same inputs when it serves.
 *
 * @param score
 *            the blended score
 * @param blendRank
 *            1-based rank in the blend's order
 * @param source
 *            the candidate source that contributed most to the score ({@code als}, {@code cooccurrence}, ...)
 */
public record RerankCandidate(String itemId, double score, int blendRank, String source) {
}
