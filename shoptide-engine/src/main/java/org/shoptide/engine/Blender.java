package org.shoptide.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shoptide.engine.CatalogIndex.Entry;
import org.shoptide.engine.Retrieval.Candidate;
import org.shoptide.engine.Retrieval.Seed;
import org.shoptide.engine.api.BudgetLimit;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;

/**
 * Ranks a request's candidates: each source's scores are normalised to [0, 1] by its best score, then summed with the
 * scenario's blend weights; for {@code user} the sum is boosted by up to {@link #INTENT_BOOST} for items of the
 * categories the user browses now (the category share of their recency-weighted recent items), and an item over the
 * customer's remaining budget scores half, times the square of its {@link BudgetLimit#fit} (the fit is also logged as
 * the {@code budget} feature for re-rankers), so items within the budget come first unless an over-budget one is far
 * more relevant. The {@link Explainer} names each item's reason. A short answer is filled from trending, then popular,
 * in scope and then shop-wide, below every ranked item.
 */
final class Blender {
    /** At most this much boost for candidates of the categories the user browses now. */
    private static final double INTENT_BOOST = 0.5;
    /** The feature a re-ranker sees for the customer's budget: {@link BudgetLimit#fit}. */
    static final String BUDGET_FEATURE = "budget";
    /** An item over the customer's remaining budget scores this much, times its fit squared. */
    private static final double OVER_BUDGET = 0.5;
    /** A fresh life event's best item scores this much times the best blended score (see {@link #liftLifeEvents}). */
    static final double LIFE_EVENT_LIFT = 1.1;

    private final String[] sources;
    private final Explainer explainer;
    private final CounterSource trending;
    private final CounterSource popular;

    Blender(String[] sources, CounterSource trending, CounterSource popular) {
        this.sources = sources;
        this.explainer = new Explainer(sources);
        this.trending = trending;
        this.popular = popular;
    }

    /** The best {@code r.n} items, explained, each with its per-source scores (logged as features). */
    List<RecommendedItem> blend(Retrieval r) {
        Map<String, Double> affinity = intent(r);
        double maxAff = maxAffinity(affinity);
        double[] raw = new double[sources.length];
        for (int s = 0; s < sources.length; s++) {
            raw[s] = r.weight(sources[s]);
        }
        double[] w = normalise(raw, r.max);
        List<Candidate> list = new ArrayList<>(r.candidates.values());
        for (Candidate c : list) {
            double total = weightedSum(w, c.score);
            explainer.explain(c, w);
            c.blended = total * factor(r, c.id, affinity, maxAff);
        }
        liftLifeEvents(r, list);
        list.sort((a, b) -> a.blended != b.blended ? Double.compare(b.blended, a.blended) : a.id.compareTo(b.id));
        List<RecommendedItem> out = new ArrayList<>(r.n);
        Set<String> taken = new HashSet<>();
        for (Candidate c : list) {
            if (out.size() == r.n) {
                break;
            }
            Entry e = c.blendSource == null ? null : r.rt.catalog.get(c.id); // null if deleted meanwhile
            if (e != null && taken.add(c.id)) {
                out.add(new RecommendedItem(c.id, c.blended, c.blendReason, c.blendSource, e.item())
                        .withSourceScores(sourceScores(r, c)));
            }
        }
        if (out.size() < r.n) {
            fill(r, out, taken);
        }
        return out;
    }

    /*
     * The fusion, shared by serving and by the per-shop tuning (BlendTuning), so the hold-out measures what is served:
     * a candidate's blended score is weightedSum(normalise(weights, max), score) × factor.
     */

    /** Each source's weight over its best score in the request (0 for a source without candidates). */
    static double[] normalise(double[] weights, double[] max) {
        double[] w = new double[weights.length];
        for (int s = 0; s < weights.length; s++) {
            w[s] = max[s] > 0 ? weights[s] / max[s] : 0;
        }
        return w;
    }

    /** The sum of {@code w[s] × score[s]} over the sources where both are positive. */
    static double weightedSum(double[] w, double[] score) {
        double total = 0;
        for (int s = 0; s < w.length; s++) {
            if (score[s] <= 0 || w[s] <= 0) {
                continue;
            }
            double part = w[s] * score[s];
            if (part > 0) {
                total += part;
            }
        }
        return total;
    }

    /**
     * The request's factor on an item's sum: {@link #OVER_BUDGET} × fit² when over the customer's remaining budget,
     * times {@code 1 + INTENT_BOOST × affinity / maxAffinity} for the categories the user browses now.
     */
    static double factor(Retrieval r, String itemId, Map<String, Double> affinity, double maxAff) {
        double f = 1;
        BudgetLimit budget = r.req.filters().budget();
        if (budget != null) {
            Entry e = r.rt.catalog.get(itemId);
            if (e != null) {
                double fit = budget.fit(e.item());
                if (fit < 1) {
                    f *= OVER_BUDGET * fit * fit;
                }
            }
        }
        if (maxAff > 0) {
            double aff = 0;
            for (String cat : r.rt.catalog.categoryPath(itemId)) {
                aff = Math.max(aff, affinity.getOrDefault(cat, 0.0));
            }
            f *= 1 + INTENT_BOOST * aff / maxAff;
        }
        return f;
    }

    /** The user's current intent for {@link #factor} (empty outside the user scenario). */
    static Map<String, Double> intent(Retrieval r) {
        return r.scenario == Scenario.USER ? intent(r, r.recent) : Map.of();
    }

    static double maxAffinity(Map<String, Double> affinity) {
        double maxAff = 0;
        for (double a : affinity.values()) {
            maxAff = Math.max(maxAff, a);
        }
        return maxAff;
    }

    /**
     * A recent life event (moved house, renovating) changes what a customer needs now more than their history can show,
     * so the profile's life-event candidates are not left to compete with the sum of the history sources: each is
     * raised to at least {@link #LIFE_EVENT_LIFT} × its lift (the event's decayed weight × its popularity in the
     * category, in (0, 1]) × the best blended score, and explained by the profile. A fresh event's most popular item in
     * the shop's first category for it lands just above the best history item; older events, later categories and less
     * popular items interleave below it.
     */
    private void liftLifeEvents(Retrieval r, List<Candidate> list) {
        if (r.lift.isEmpty()) {
            return;
        }
        double top = 0;
        for (Candidate c : list) {
            top = Math.max(top, c.blended);
        }
        int p = r.indexOf(ProfileSource.NAME);
        for (Candidate c : list) {
            Double l = r.lift.get(c.id);
            if (l != null && LIFE_EVENT_LIFT * l * top > c.blended) {
                c.blended = LIFE_EVENT_LIFT * l * top;
                c.blendSource = ProfileSource.NAME;
                c.blendReason = c.reason[p];
            }
        }
    }

    /** Each source's score of the candidate normalised by the source's best in the request. */
    private Map<String, Double> sourceScores(Retrieval r, Candidate c) {
        Map<String, Double> m = new HashMap<>();
        for (int s = 0; s < sources.length; s++) {
            if (c.score[s] > 0 && r.max[s] > 0) {
                m.put(sources[s], c.score[s] / r.max[s]);
            }
        }
        BudgetLimit budget = r.req.filters().budget();
        Entry e = budget == null ? null : r.rt.catalog.get(c.id);
        if (e != null) {
            m.put(BUDGET_FEATURE, budget.fit(e.item()));
        }
        return m;
    }

    /** Tops up a short answer from trending, then popular, in scope and then shop-wide. */
    private void fill(Retrieval r, List<RecommendedItem> out, Set<String> taken) {
        double floor = out.isEmpty() ? 1 : Math.min(1, out.get(out.size() - 1).score());
        for (String s : r.scope == null ? new String[] { null } : new String[] { r.scope, null }) {
            for (CounterSource counter : new CounterSource[] { trending, popular }) {
                if (out.size() >= r.n) {
                    return;
                }
                Retrieval sub = r.refill(taken);
                counter.offer(sub, s);
                int src = sub.indexOf(counter.name());
                List<Candidate> more = new ArrayList<>(sub.candidates.values());
                more.sort((a, b) -> Double.compare(b.score[src], a.score[src]));
                for (Candidate c : more) {
                    if (out.size() >= r.n) {
                        return;
                    }
                    Entry e = r.rt.catalog.get(c.id);
                    if (e != null && taken.add(c.id)) {
                        // below every ranked item, in the fill source's order
                        double score = floor * 0.5 * c.score[src] / Math.max(sub.max[src], 1e-12);
                        out.add(new RecommendedItem(c.id, score, c.reason[src], sources[src], e.item()));
                    }
                }
            }
        }
    }

    /**
     * Share of each category (any level) in the seeds' weight: the visitor's current intent, used to boost candidates
     * of the categories they are browsing now.
     */
    private static Map<String, Double> intent(Retrieval r, List<Seed> seeds) {
        Map<String, Double> m = new HashMap<>();
        for (Seed s : seeds) {
            for (String c : r.rt.catalog.categoryPath(s.itemId())) {
                m.merge(c, (double) s.weight(), Double::sum);
            }
        }
        return m;
    }
}
