package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.rerank.RerankCandidate;
import org.shoptide.engine.rerank.RerankContext;
import org.shoptide.engine.rerank.Reranker;

/**
 * The learning-to-rank stage between ranking and the response stage (ADR 0010): the blend ranks a larger pool
 * ({@link #pool}) and an active {@link Reranker} re-orders all of it. The blended scores are re-assigned in the new
 * order (the best score to the re-ranker's first item, and so on), so that the response stage, which re-sorts by score
 * when boost or bury rules re-weight, keeps the re-ranker's order under them. A failing re-ranker is logged and the
 * blend's order is kept.
 */
final class Reranking {
    private static final System.Logger LOG = System.getLogger(Reranking.class.getName());
    /** At least this many candidates are re-ranked. */
    static final int MIN_POOL = 30;

    private Reranking() {
    }

    /** How many ranked candidates to ask for so that the re-ranker can promote some beyond the first {@code n}. */
    static int pool(int n) {
        return Math.max(MIN_POOL, 3 * n);
    }

    static Recommendation apply(Reranker reranker, RerankContext context, Recommendation ranked) {
        List<RecommendedItem> items = ranked.items();
        int m = items.size();
        if (m < 2) {
            return ranked;
        }
        List<RerankCandidate> candidates = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            RecommendedItem ri = items.get(i);
            candidates.add(new RerankCandidate(ri.itemId(), ri.score(), i + 1, ri.source(), ri.sourceScores()));
        }
        double[] s;
        try {
            s = reranker.score(context, candidates);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING,
                    "shop " + context.shop().value() + ": re-ranker failed, blend order kept", e);
            return ranked;
        }
        if (s == null || s.length != m) {
            LOG.log(System.Logger.Level.WARNING, "shop " + context.shop().value() + ": re-ranker returned "
                    + (s == null ? "null" : s.length + " scores for " + m + " candidates") + ", blend order kept");
            return ranked;
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        double[] scores = s;
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : a - b);
        List<RecommendedItem> out = new ArrayList<>(items.size());
        for (int i = 0; i < m; i++) {
            out.add(items.get(order[i]).withScore(items.get(i).score()));
        }
        return new Recommendation(ranked.recommendationId(), ranked.scenario(), ranked.modelVersion(), out,
                ranked.ruleVersion(), ranked.experiment());
    }
}
