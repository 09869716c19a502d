package org.shoptide.engine;

import org.shoptide.engine.Retrieval.Candidate;

/**
 * Explains a blended candidate: by the source that contributed most to its blended score (the first such source on a
 * tie), with the reason that source gave for its best contribution, e.g. "bought together with X" or "trending in
 * Garden". A candidate no weighted source contributed to has no explanation and is not shown.
 */
final class Explainer {
    private final String[] sources;

    Explainer(String[] sources) {
        this.sources = sources;
    }

    /**
     * Sets the candidate's {@code blendSource} and {@code blendReason}.
     *
     * @param w
     *            per source, the blend weight divided by the source's best score in the request
     */
    void explain(Candidate c, double[] w) {
        double top = -1;
        for (int s = 0; s < sources.length; s++) {
            if (c.score[s] <= 0 || w[s] <= 0) {
                continue;
            }
            double part = w[s] * c.score[s];
            if (part > top) {
                top = part;
                c.blendSource = sources[s];
                c.blendReason = c.reason[s];
            }
        }
    }
}
