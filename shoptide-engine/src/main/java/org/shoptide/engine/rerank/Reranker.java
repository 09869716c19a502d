package org.shoptide.engine.rerank;

import java.util.List;

/**
 * A learned second stage that re-orders a scenario's blended candidates (learning to rank). The recommendation pipeline
 * calls it after ranking and before business rules, with the best candidates of the blend; it keeps the blend's order
 * for the ones the re-ranker does not score higher.
 * <p>
 * Implementations must be thread-safe and fast (they run inside every request of the scenario), must not keep the
 * context or the candidates, and must not throw for ordinary input; an exception makes the pipeline fall back to the
 * blend's order for that request.
 */
public interface Reranker {

    /**
     * Scores the candidates; higher is better.
     *
     * @return one score per candidate, in the order of {@code candidates}
     */
    double[] score(RerankContext context, List<RerankCandidate> candidates);
}
