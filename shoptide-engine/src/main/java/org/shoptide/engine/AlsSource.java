package org.shoptide.engine;

import java.util.Arrays;
import java.util.List;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.VectorIndex;
import org.shoptide.engine.Retrieval.Seed;
import org.shoptide.engine.api.Scenario;

/**
 * {@code als}: for the user scenario, the user folded in from their recent items (or their trained vector) · item
 * factors, top-k, exact or from the approximate index (ADR 0014); for the item scenario, the items whose factor rows
 * are closest (cosine) to the seed's.
 */
final class AlsSource implements CandidateSource {
    static final String NAME = "als";
    /** Per-rank decay of recent items' weights when folding the user in. */
    private static final double RECENCY_FOLD_IN = 0.85;

    /**
     * Per-thread score buffer of the exact path: one float per catalog item would otherwise be allocated per request
     * (400 KB at 100k items).
     */
    private static final ThreadLocal<ScoreBuffer> SCORES = ThreadLocal.withInitial(ScoreBuffer::new);

    /** A reusable float buffer; {@link #of} returns one of exactly {@code n} entries (scoring overwrites all). */
    private static final class ScoreBuffer {
        private float[] a = new float[0];

        float[] of(int n) {
            if (a.length != n) {
                a = new float[n];
            }
            return a;
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void retrieve(Retrieval r) {
        if (r.weight(NAME) <= 0) {
            return;
        }
        if (r.scenario == Scenario.USER) {
            user(r);
        } else if (r.scenario == Scenario.ITEM) {
            similarByFactors(r, r.req.itemId());
        }
    }

    /** Fold the user in from all recent items (or use the trained vector), score every item, keep the top. */
    private static void user(Retrieval r) {
        ShopModel m = r.model;
        if (!m.hasFactors()) {
            return;
        }
        float[] v = null;
        if (r.user != null && !r.user.recentItems().isEmpty()) {
            List<String> items = r.user.recentItems();
            int[] idx = new int[items.size()];
            float[] w = new float[items.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = m.itemIndex(items.get(i));
                w[i] = (float) (r.user.recentWeights()[i] * Math.pow(RECENCY_FOLD_IN, i));
            }
            v = ModelMath.foldIn(m, idx, w);
        }
        if (v == null) {
            v = r.trained;
        }
        if (v == null) {
            return;
        }
        int k = Math.max(50, 4 * r.n);
        VectorIndex ann = r.rt.served.indexOf(m);
        int[] top;
        float[] topScores;
        if (r.only != null) {
            // a request restricted to a short list: score exactly those items, never an index that may miss them
            top = r.only.stream().filter(r::accept).mapToInt(m::itemIndex).filter(i -> i >= 0).toArray();
            topScores = new float[top.length];
            int rank = m.rank();
            float[] y = m.itemFactors();
            for (int t = 0; t < top.length; t++) {
                float s = 0;
                for (int f = 0, o = top[t] * rank; f < rank; f++) {
                    s += y[o + f] * v[f];
                }
                topScores[t] = s;
            }
        } else if (ann != null) {
            // approximate maximum-inner-product search, twice the candidates, then the request's own filter on the hits
            // only: a filter inside the graph walk runs on every visited node, which at 100k items cost more than the
            // exact scan it replaces
            float[] query = v;
            top = Arrays.stream(ann.search(v, 2 * k, null)).filter(i -> r.accept(m.itemId(i))).limit(k).toArray();
            topScores = new float[top.length];
            int rank = m.rank();
            float[] y = m.itemFactors();
            for (int t = 0; t < top.length; t++) {
                float s = 0;
                for (int f = 0, o = top[t] * rank; f < rank; f++) {
                    s += y[o + f] * query[f];
                }
                topScores[t] = s;
            }
        } else {
            float[] scores = SCORES.get().of(m.itemCount());
            ModelMath.score(m, v, scores);
            top = ModelMath.topK(scores, k, i -> r.accept(m.itemId(i)));
            topScores = new float[top.length];
            for (int t = 0; t < top.length; t++) {
                topScores[t] = scores[top[t]];
            }
        }
        // recent items' factor rows and inverse norms, once per request rather than once per candidate
        List<Seed> recent = r.recent;
        int rank = m.rank();
        float[] y = m.itemFactors();
        int[] recentIdx = new int[recent.size()];
        float[] recentInvNorm = new float[recent.size()];
        for (int s = 0; s < recentIdx.length; s++) {
            int j = m.itemIndex(recent.get(s).itemId());
            recentIdx[s] = j;
            if (j >= 0) {
                double norm = 0;
                for (int f = 0; f < rank; f++) {
                    norm += y[j * rank + f] * y[j * rank + f];
                }
                recentInvNorm[s] = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            }
        }
        for (int t = 0; t < top.length; t++) {
            int i = top[t];
            r.add(NAME, m.itemId(i), topScores[t], reason(r, recent, recentIdx, recentInvNorm, i));
        }
    }

    /**
     * "because of your interest in X" (X viewed, carted or bought) for the recent item whose factors are closest to the
     * candidate's.
     */
    private static String reason(Retrieval r, List<Seed> recent, int[] recentIdx, float[] recentInvNorm, int item) {
        ShopModel m = r.model;
        int rank = m.rank();
        float[] y = m.itemFactors();
        int best = -1;
        double bestDot = 0;
        for (int s = 0; s < recentIdx.length; s++) {
            int j = recentIdx[s];
            if (j < 0 || j == item) {
                continue;
            }
            double d = 0;
            for (int f = 0; f < rank; f++) {
                d += y[item * rank + f] * y[j * rank + f];
            }
            d *= recentInvNorm[s];
            if (d > bestDot) {
                bestDot = d;
                best = s;
            }
        }
        return best < 0 ? "recommended for you" : "because of your interest in " + r.title(recent.get(best).itemId());
    }

    /** Item-item similarity by cosine of factor rows (the item scenario). */
    private static void similarByFactors(Retrieval r, String seedId) {
        ShopModel m = r.model;
        float[] v = ModelMath.itemVector(m, m.itemIndex(seedId));
        if (v == null) {
            return;
        }
        float[] scores = new float[m.itemCount()];
        ModelMath.score(m, v, scores);
        int rank = m.rank();
        float[] y = m.itemFactors();
        for (int i = 0; i < scores.length; i++) {
            double norm = 0;
            for (int k = 0; k < rank; k++) {
                norm += y[i * rank + k] * y[i * rank + k];
            }
            scores[i] = norm > 0 ? (float) (scores[i] / Math.sqrt(norm)) : 0;
        }
        int[] top = ModelMath.topK(scores, Math.max(50, 4 * r.n), i -> r.accept(m.itemId(i)));
        for (int i : top) {
            r.add(NAME, m.itemId(i), scores[i], "similar to " + r.title(seedId));
        }
    }
}
