package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.engine.CatalogIndex.Entry;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;

/**
 * The mutable state of one recommendation request while its {@link CandidateSource}s run: what it asks, its seeds, what
 * it excludes, and each candidate's score per source with the reason of the source's largest contribution.
 */
final class Retrieval {
    private static final int MAX_SEEDS = 10;

    /** A seed item with its weight. */
    record Seed(String itemId, float weight) {
    }

    /** A candidate's scores per source (indexed like {@link Recommender}'s source names). */
    static final class Candidate {
        final String id;
        final double[] score;
        final double[] best;
        final String[] reason;
        double blended;
        String blendReason;
        String blendSource;

        Candidate(String id, int sources) {
            this.id = id;
            this.score = new double[sources];
            this.best = new double[sources];
            this.reason = new String[sources];
        }
    }

    final ShopRuntime rt;
    final ShopModel model;
    final RecommendationRequest req;
    final UserSnapshot user;
    /** The scenario served: the request's, or trending for a visitor the engine knows nothing about. */
    final Scenario scenario;
    /** The category trending and popular are scoped to (context category, else the filter's), or null. */
    final String scope;
    /** The user's recent items, newest first (see {@link #recentSeeds}). */
    final List<Seed> recent;
    /** The trained vector of the user (null when unknown or erased). */
    final float[] trained;
    final Set<String> excluded = new HashSet<>();
    /** The items the request is restricted to ({@code Filters.onlyItems}), or null for the whole catalog. */
    final Set<String> only;
    final Map<String, Candidate> candidates = HashMap.newHashMap(512);
    /**
     * Per item, the lift a life event of the user's profile gives it (see {@link ProfileSource}): the {@link Blender}
     * raises the item's blended score to at least {@code LIFE_EVENT_LIFT × lift ×} the best blended score.
     */
    final Map<String, Double> lift = new HashMap<>();
    final long now;
    final int n;
    private final String[] sources;
    private final EngineConfig config;
    /** The user scenario's weights when they replace the configuration's (a shop's tuned blend), else null. */
    private final Map<String, Double> userWeights;
    /** Where {@link CounterSource} caches its rankings for this request's model. */
    final Map<String, CounterSource.Ranking> rankings;
    /** Per source, the best summed score of a candidate. */
    final double[] max;

    /**
     * @param modelUserId
     *            the id under which the model may know the subject, or null
     */
    Retrieval(ShopRuntime rt, RecommendationRequest req, UserSnapshot user, String modelUserId, int n, String[] sources,
            EngineConfig config, long now) {
        this(rt, rt.served.model(), null, rt.rankings, req, user, modelUserId, n, sources, config, now);
    }

    /**
     * A request answered from {@code model} (the served one, or a hold-out model being tuned), with the user scenario's
     * {@code userWeights} instead of the configuration's when not null; trending and popular rankings are cached in
     * {@code rankings} (the shop's for the served model, a private map for a hold-out model).
     */
    Retrieval(ShopRuntime rt, ShopModel model, Map<String, Double> userWeights,
            Map<String, CounterSource.Ranking> rankings, RecommendationRequest req, UserSnapshot user,
            String modelUserId, int n, String[] sources, EngineConfig config, long now) {
        this.rt = rt;
        this.model = model;
        this.userWeights = userWeights;
        this.rankings = rankings;
        this.req = req;
        this.user = user;
        this.n = n;
        this.sources = sources;
        this.config = config;
        this.now = now;
        this.max = new double[sources.length];
        this.scope = req.contextCategory() != null ? req.contextCategory() : req.filters().category();
        this.recent = recentSeeds(user);
        List<String> onlyItems = req.filters().onlyItems();
        this.only = onlyItems == null ? null : Set.copyOf(onlyItems);
        excluded.addAll(req.itemIds());
        if (req.itemId() != null) {
            excluded.add(req.itemId());
        }
        if (user != null) {
            if (req.excludePurchased()) {
                excluded.addAll(user.purchased());
            }
            excluded.addAll(user.disliked());
        }
        Scenario sc = req.scenario();
        float[] t = null;
        if (sc == Scenario.USER) {
            t = modelUserId == null || rt.served.isErased(modelUserId) ? null
                    : ModelMath.trainedUser(model, modelUserId);
            if ((user == null || !user.hasHistory()) && t == null) {
                sc = Scenario.TRENDING; // cold start: a visitor we know nothing about
            }
        } else if (sc == Scenario.CART) {
            excluded.addAll(cart());
        }
        this.trained = t;
        this.scenario = sc;
    }

    /** A request of the same caller for the fill: nothing retrieved yet, {@code alsoExcluded} excluded too. */
    Retrieval refill(Collection<String> alsoExcluded) {
        Retrieval sub = new Retrieval(rt, model, userWeights, rankings, req, user, null, n, sources, config, now);
        sub.excluded.addAll(excluded);
        sub.excluded.addAll(alsoExcluded);
        return sub;
    }

    /** The cart of the cart scenario: the request's items, else the user's realtime cart. */
    Collection<String> cart() {
        return !req.itemIds().isEmpty() ? req.itemIds() : user == null ? List.of() : user.cart();
    }

    /** The scenario's blend weight of a source: the shop's tuned one for the user scenario, if any. */
    double weight(String source) {
        if (userWeights != null && scenario == Scenario.USER) {
            return userWeights.getOrDefault(source, 0.0);
        }
        return config.blendWeight(scenario, source);
    }

    /** Whether the item may be returned: in the catalog, not excluded, passing the filters. */
    boolean accept(String itemId) {
        if (excluded.contains(itemId) || (only != null && !only.contains(itemId))) {
            return false;
        }
        Entry e = rt.catalog.get(itemId);
        return e != null && CatalogFilter.passes(e, req.filters());
    }

    /** Offers a candidate of a source; ignored unless its score is positive and the item is accepted. */
    void add(String source, String itemId, double score, String reason) {
        if (score <= 0) {
            return;
        }
        // an item already a candidate was accepted when first offered: only new items pay the catalog and filter check
        Candidate c = candidates.get(itemId);
        if (c == null) {
            if (!accept(itemId)) {
                return;
            }
            c = new Candidate(itemId, sources.length);
            candidates.put(itemId, c);
        }
        int s = indexOf(source);
        c.score[s] += score;
        if (score > c.best[s]) {
            c.best[s] = score;
            c.reason[s] = reason;
        }
        max[s] = Math.max(max[s], c.score[s]);
    }

    /** Records a life-event lift of an item already offered (the larger of two lifts counts). */
    void lift(String itemId, double value) {
        if (candidates.containsKey(itemId)) {
            lift.merge(itemId, value, Math::max);
        }
    }

    int indexOf(String source) {
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].equals(source)) {
                return i;
            }
        }
        throw new IllegalArgumentException(source);
    }

    String title(String itemId) {
        Entry e = rt.catalog.get(itemId);
        return e == null ? itemId : e.title();
    }

    /**
     * The user's recent items as seeds, newest first. Recency dominates ({@code 0.8^rank}) so that what the visitor
     * does now steers the answer; the accumulated weight of an item only adds up to a logarithmic bonus.
     */
    private static List<Seed> recentSeeds(UserSnapshot u) {
        if (u == null) {
            return List.of();
        }
        List<Seed> seeds = new ArrayList<>();
        for (int i = 0; i < Math.min(MAX_SEEDS, u.recentItems().size()); i++) {
            float w = (float) (Math.pow(0.8, i) * (1 + 0.3 * Math.log1p(u.recentWeights()[i])));
            seeds.add(new Seed(u.recentItems().get(i), w));
        }
        return seeds;
    }
}
