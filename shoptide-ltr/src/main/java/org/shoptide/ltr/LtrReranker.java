package org.shoptide.ltr;

import java.util.List;
import org.shoptide.engine.rerank.RerankCandidate;
import org.shoptide.engine.rerank.RerankContext;
import org.shoptide.engine.rerank.Reranker;

/**
 * Serves an {@link LtrModel}: computes {@link LtrFeatures} for each candidate from the request's realtime state and
 * returns the model's scores.
 */
public final class LtrReranker implements Reranker, AutoCloseable {
    private final LtrModel model;

    public LtrReranker(LtrModel model) {
        this.model = model;
    }

    @Override
    public double[] score(RerankContext context, List<RerankCandidate> candidates) {
        int n = candidates.size();
        if (n == 0) {
            return new double[0];
        }
        double best = 0;
        for (RerankCandidate c : candidates) {
            best = Math.max(best, c.score());
        }
        LtrFeatures f = new LtrFeatures(context);
        float[] x = new float[n * LtrFeatures.COUNT];
        for (int i = 0; i < n; i++) {
            RerankCandidate c = candidates.get(i);
            f.write(c.itemId(), c.blendRank(), best > 0 ? c.score() / best : Double.NaN, c.source(), c.sourceScores(),
                    x, i * LtrFeatures.COUNT);
        }
        return model.predict(x, n);
    }

    @Override
    public void close() {
        model.close();
    }
}
