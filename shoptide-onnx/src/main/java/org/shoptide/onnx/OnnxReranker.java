package org.shoptide.onnx;

import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.shoptide.engine.rerank.RerankCandidate;
import org.shoptide.engine.rerank.RerankContext;
import org.shoptide.engine.rerank.Reranker;
import org.shoptide.ltr.LtrFeatures;

/**
 * The ranking stage of a shop's own ONNX model: translates the request into the {@link OnnxContract} (the user's recent
 * items, oldest first, and the candidates as indexes of the model's item table; the learning-to-rank features when the
 * model reads them) and orders the candidates by the model's scores. Candidates the table does not know keep their
 * blend order after the scored ones. When the model times out, fails or all its slots are busy ({@link OnnxInference}),
 * or returns NaN, the blend's order is returned unchanged.
 */
final class OnnxReranker implements Reranker {
    private final OnnxScorer scorer;
    private final Map<String, Integer> index;
    private final OnnxInference inference;

    OnnxReranker(OnnxScorer scorer, List<String> items, OnnxInference inference) {
        this.scorer = scorer;
        this.index = OnnxGate.indexOf(items);
        this.inference = inference;
    }

    @Override
    public double[] score(RerankContext context, List<RerankCandidate> candidates) {
        int m = candidates.size();
        double[] out = new double[m];
        for (int i = 0; i < m; i++) {
            out[i] = -candidates.get(i).blendRank(); // the blend's order: the fallback, and the unknown items' order
        }
        List<Integer> known = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            if (index.containsKey(candidates.get(i).itemId())) {
                known.add(i);
            }
        }
        if (known.isEmpty()) {
            return out;
        }
        long[] history = history(context);
        long[] ids = new long[known.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = index.get(candidates.get(known.get(k)).itemId());
        }
        float[] features = scorer.shape().features() ? features(context, candidates, known) : null;
        OnnxInference.Outcome o = inference.run(options -> scorer.score(history, ids, features, options));
        if (o.scores() == null) {
            return out;
        }
        for (float s : o.scores()) {
            if (Float.isNaN(s)) {
                return out;
            }
        }
        // scored items first (by score), then the unknown ones in blend order
        for (int k = 0; k < ids.length; k++) {
            out[known.get(k)] = m + (double) o.scores()[k];
        }
        double min = Double.POSITIVE_INFINITY;
        for (int k = 0; k < ids.length; k++) {
            min = Math.min(min, out[known.get(k)]);
        }
        for (int i = 0; i < m; i++) {
            if (!index.containsKey(candidates.get(i).itemId())) {
                out[i] = min - 1 - candidates.get(i).blendRank();
            }
        }
        return out;
    }

    /** The user's recent items the table knows, oldest first. */
    private long[] history(RerankContext context) {
        if (context.user() == null) {
            return new long[0];
        }
        List<String> recent = context.user().recentItems(); // newest first
        long[] h = new long[recent.size()];
        int n = 0;
        for (int i = recent.size() - 1; i >= 0; i--) {
            Integer ix = index.get(recent.get(i));
            if (ix != null) {
                h[n++] = ix;
            }
        }
        return Arrays.copyOf(h, n);
    }

    private static float[] features(RerankContext context, List<RerankCandidate> candidates, List<Integer> known) {
        double best = 0;
        for (RerankCandidate c : candidates) {
            best = Math.max(best, c.score());
        }
        LtrFeatures f = new LtrFeatures(context);
        float[] x = new float[known.size() * LtrFeatures.COUNT];
        for (int k = 0; k < known.size(); k++) {
            RerankCandidate c = candidates.get(known.get(k));
            f.write(c.itemId(), c.blendRank(), best > 0 ? c.score() / best : Double.NaN, c.source(), c.sourceScores(),
                    x, k * LtrFeatures.COUNT);
        }
        return x;
    }
}
