package org.shoptide.engine;

/**
 * One way of proposing candidates for a recommendation (ADR 0015). The {@link Recommender} asks every source of its
 * configuration once per request; a source looks at the request's (effective) scenario, seeds and blend weights,
 * decides whether it applies, and offers scored candidates with a reason through {@link Retrieval#add}. Scores are
 * comparable within a source only: the {@link Blender} normalises each source by its best score before weighting.
 * <p>
 * A source is shared by all requests (and threads): per-request state lives in the {@link Retrieval}; caches and
 * per-thread buffers are the source's own.
 */
interface CandidateSource {
    /** The source's name: its blend-weight key, experiment model name and the {@code source} of what it proposes. */
    String name();

    /** Offers this source's candidates for the request, if it applies. */
    void retrieve(Retrieval r);
}
