package org.shoptide.engine;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.shoptide.core.algo.SparseItemScorer;
import org.shoptide.core.event.EventType;
import org.shoptide.core.model.ItemItemModel;
import org.shoptide.core.model.ShopModel;
import org.shoptide.engine.CatalogIndex.Entry;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.core.port.VectorIndex;

/**
 * The recommendation pipeline: <b>retrieve → filter → rank → explain</b>.
 * <ol>
 * <li>Retrieve candidates from the sources the scenario's blend weights enable: {@code als} (folded-in user vector ·
 * item factors, top-k), {@code cooccurrence} (LLR neighbours of the seed, cart or recent items, weighted by recency),
 * {@code session} (neighbours of the last items of the current session), {@code content} (items sharing category, brand
 * or title words with the seeds: how items without history become reachable), {@code trending} and {@code popular}
 * (realtime decayed counters, global or in a category), and one source per item-to-item model of the configuration
 * (e.g. the sequence-aware {@code transitions}: what users usually choose next after the recent items).
 * <li>Filter: the item must be in the catalog index, pass the request filters, and not be excluded (request items,
 * seed, purchased when asked, disliked).
 * <li>Rank: each source's scores are normalised to [0, 1] by its best score, then summed with the scenario's blend
 * weights; for {@code user} the sum is boosted by up to 50 % for items of the categories the user browses now (the
 * category share of their recency-weighted recent items).
 * <li>Explain: the reason of the source that contributed most, naming the seed item where there is one.
 * </ol>
 * A visitor without history gets trending (within {@code contextCategory} when given); short answers are filled from
 * trending and popular. Cost per request is bounded by the candidate lists plus one vectorisable pass over the item
 * factors; the catalog is never scanned except for category-scoped trending.
 */
final class Recommender {
    static final String ALS = "als";
    static final String COOCCURRENCE = "cooccurrence";
    static final String SESSION = "session";
    static final String CONTENT = "content";
    static final String TRENDING = "trending";
    static final String POPULAR = "popular";
    private static final String[] BUILT_IN = { ALS, COOCCURRENCE, SESSION, CONTENT, TRENDING, POPULAR };
    private static final int MAX_SEEDS = 10;
    private static final int SESSION_SEEDS = 5;
    private static final int CONTENT_SEEDS = 5;
    private static final int CONTENT_SCAN = 2000;
    /** Candidates taken per seed item from neighbour rows and content similarity. */
    private static final int PER_SEED = 30;
    private static final float PURCHASE_NEIGHBOUR_BOOST = 2f;
    /** Per-rank decay of recent items' weights when folding the user in. */
    private static final double RECENCY_FOLD_IN = 0.85;
    /** At most this much boost for candidates of the categories the user browses now. */
    private static final double INTENT_BOOST = 0.5;
    /** Items kept per cached trending/popular ranking. */
    private static final int RANKING_SIZE = 1000;
    /** Once item activity changed, a cached ranking is recomputed when older than this (250 ms). */
    private static final long RANKING_REFRESH_NANOS = 250_000_000L;

    /**
     * Per-thread score buffer of the exact ALS path: one float per catalog item would otherwise be allocated per
     * request (400 KB at 100k items).
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

    private final EngineConfig config;
    private final Clock clock;
    /** The built-in sources, then one per item-to-item model of the configuration (same name). */
    private final String[] sources;
    private final String[] itemModelSources;

    Recommender(EngineConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.itemModelSources = config.itemModels().keySet().stream().filter(n -> !List.of(BUILT_IN).contains(n))
                .toArray(String[]::new);
        this.sources = new String[BUILT_IN.length + itemModelSources.length];
        System.arraycopy(BUILT_IN, 0, sources, 0, BUILT_IN.length);
        System.arraycopy(itemModelSources, 0, sources, BUILT_IN.length, itemModelSources.length);
    }

    /** A seed item with its weight. */
    private record Seed(String itemId, float weight) {
    }

    /** Per-request candidate scores per source, with the reason of each source's largest contribution. */
    private static final class Candidate {
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

    /** Mutable state of one request. */
    private final class Request {
        final ShopRuntime rt;
        final ShopModel model;
        final RecommendationRequest req;
        final UserSnapshot user;
        final Set<String> excluded = new HashSet<>();
        final Map<String, Candidate> candidates = HashMap.newHashMap(512);
        final double[] max = new double[sources.length];
        final long now = clock.millis();
        final int n;

        Request(ShopRuntime rt, RecommendationRequest req, UserSnapshot user, int n) {
            this.rt = rt;
            this.model = rt.served.model();
            this.req = req;
            this.user = user;
            this.n = n;
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
        }

        /** Whether the item may be returned: in the catalog, not excluded, passing the filters. */
        boolean accept(String itemId) {
            if (excluded.contains(itemId)) {
                return false;
            }
            Entry e = rt.catalog.get(itemId);
            return e != null && CatalogFilter.passes(e, req.filters());
        }

        void add(String source, String itemId, double score, String reason) {
            if (score <= 0 || !accept(itemId)) {
                return;
            }
            int s = indexOf(source);
            Candidate c = candidates.computeIfAbsent(itemId, id -> new Candidate(id, sources.length));
            c.score[s] += score;
            if (score > c.best[s]) {
                c.best[s] = score;
                c.reason[s] = reason;
            }
            max[s] = Math.max(max[s], c.score[s]);
        }

        String title(String itemId) {
            Entry e = rt.catalog.get(itemId);
            return e == null ? itemId : e.title();
        }
    }

    private int indexOf(String source) {
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].equals(source)) {
                return i;
            }
        }
        throw new IllegalArgumentException(source);
    }

    /**
     * Runs the pipeline.
     *
     * @param user
     *            the subject's realtime state, or null
     * @param modelUserId
     *            the id under which the model may know the subject, or null
     */
    Recommendation recommend(ShopRuntime rt, RecommendationRequest req, UserSnapshot user, String modelUserId, int n) {
        Request r = new Request(rt, req, user, n);
        Scenario sc = req.scenario();
        String scope = req.contextCategory() != null ? req.contextCategory() : req.filters().category();
        switch (sc) {
            case USER -> {
                float[] trained = modelUserId == null || rt.served.isErased(modelUserId) ? null
                        : ModelMath.trainedUser(r.model, modelUserId);
                if ((user == null || !user.hasHistory()) && trained == null) {
                    sc = Scenario.TRENDING; // cold start: a visitor we know nothing about
                    trending(r, scope);
                    popular(r, scope);
                } else {
                    List<Seed> recent = recentSeeds(user);
                    if (weight(sc, ALS) > 0) {
                        als(r, recent, trained);
                    }
                    if (weight(sc, COOCCURRENCE) > 0) {
                        neighbours(r, recent, COOCCURRENCE, 1f);
                    }
                    if (weight(sc, SESSION) > 0 && user != null) {
                        List<Seed> session = new ArrayList<>();
                        for (int i = 0; i < Math.min(SESSION_SEEDS, user.sessionItems().size()); i++) {
                            session.add(new Seed(user.sessionItems().get(i), (float) Math.pow(0.8, i)));
                        }
                        neighbours(r, session, SESSION, 1f);
                    }
                    if (weight(sc, CONTENT) > 0) {
                        content(r, recent.subList(0, Math.min(CONTENT_SEEDS, recent.size())));
                    }
                    for (String name : itemModelSources) {
                        if (weight(sc, name) > 0) {
                            itemModel(r, name);
                        }
                    }
                    if (weight(sc, TRENDING) > 0) {
                        trending(r, scope);
                    }
                    if (weight(sc, POPULAR) > 0) {
                        popular(r, scope);
                    }
                }
            }
            case ITEM -> {
                List<Seed> seed = List.of(new Seed(req.itemId(), 1f));
                neighbours(r, seed, COOCCURRENCE, 1f);
                if (weight(sc, CONTENT) > 0) {
                    content(r, seed);
                }
                if (weight(sc, ALS) > 0) {
                    similarByFactors(r, req.itemId());
                }
                Entry e = rt.catalog.get(req.itemId());
                String leaf = e == null || e.item().category() == null ? scope : e.item().category();
                if (weight(sc, TRENDING) > 0) {
                    trending(r, leaf);
                }
                if (weight(sc, POPULAR) > 0) {
                    popular(r, leaf);
                }
            }
            case CART -> {
                Collection<String> cart = !req.itemIds().isEmpty() ? req.itemIds()
                        : user == null ? List.of() : user.cart();
                List<Seed> seeds = new ArrayList<>();
                for (String id : cart) {
                    seeds.add(new Seed(id, 1f));
                    r.excluded.add(id);
                }
                neighbours(r, seeds, COOCCURRENCE, PURCHASE_NEIGHBOUR_BOOST);
                if (weight(sc, CONTENT) > 0) {
                    content(r, seeds.subList(0, Math.min(CONTENT_SEEDS, seeds.size())));
                }
                if (weight(sc, POPULAR) > 0) {
                    popular(r, scope);
                }
                if (weight(sc, TRENDING) > 0) {
                    trending(r, scope);
                }
            }
            case TRENDING -> {
                trending(r, scope);
                popular(r, scope);
            }
        }
        List<RecommendedItem> out = rank(r, sc, scope);
        return new Recommendation(UUID.randomUUID().toString(), req.scenario(), r.model.version(), out);
    }

    private double weight(Scenario sc, String source) {
        return config.blendWeight(sc, source);
    }

    private List<RecommendedItem> rank(Request r, Scenario sc, String scope) {
        Map<String, Double> affinity = sc == Scenario.USER ? intent(r, recentSeeds(r.user)) : Map.of();
        double maxAff = 0;
        for (double a : affinity.values()) {
            maxAff = Math.max(maxAff, a);
        }
        double[] w = new double[sources.length];
        for (int s = 0; s < sources.length; s++) {
            w[s] = r.max[s] > 0 ? weight(sc, sources[s]) / r.max[s] : 0;
        }
        List<Candidate> list = new ArrayList<>(r.candidates.values());
        for (Candidate c : list) {
            double total = 0;
            double top = -1;
            for (int s = 0; s < sources.length; s++) {
                if (c.score[s] <= 0 || w[s] <= 0) {
                    continue;
                }
                double part = w[s] * c.score[s];
                if (part <= 0) {
                    continue;
                }
                total += part;
                if (part > top) {
                    top = part;
                    c.blendSource = sources[s];
                    c.blendReason = c.reason[s];
                }
            }
            if (maxAff > 0) {
                double aff = 0;
                for (String cat : r.rt.catalog.categoryPath(c.id)) {
                    aff = Math.max(aff, affinity.getOrDefault(cat, 0.0));
                }
                total *= 1 + INTENT_BOOST * aff / maxAff;
            }
            c.blended = total;
        }
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
            fill(r, scope, out, taken);
        }
        return out;
    }

    /** Each source's score of the candidate normalised by the source's best in the request (logged as features). */
    private Map<String, Double> sourceScores(Request r, Candidate c) {
        Map<String, Double> m = new HashMap<>();
        for (int s = 0; s < sources.length; s++) {
            if (c.score[s] > 0 && r.max[s] > 0) {
                m.put(sources[s], c.score[s] / r.max[s]);
            }
        }
        return m;
    }

    /** Tops up a short answer from trending, then popular, in scope and then shop-wide. */
    private void fill(Request r, String scope, List<RecommendedItem> out, Set<String> taken) {
        double floor = out.isEmpty() ? 1 : Math.min(1, out.get(out.size() - 1).score());
        for (String s : scope == null ? new String[] { null } : new String[] { scope, null }) {
            for (boolean popular : new boolean[] { false, true }) {
                if (out.size() >= r.n) {
                    return;
                }
                Request sub = new Request(r.rt, r.req, r.user, r.n);
                sub.excluded.addAll(r.excluded);
                sub.excluded.addAll(taken);
                if (popular) {
                    popular(sub, s);
                } else {
                    trending(sub, s);
                }
                int src = indexOf(popular ? POPULAR : TRENDING);
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

    /**
     * Share of each category (any level) in the seeds' weight: the visitor's current intent, used to boost candidates
     * of the categories they are browsing now.
     */
    private static Map<String, Double> intent(Request r, List<Seed> seeds) {
        Map<String, Double> m = new HashMap<>();
        for (Seed s : seeds) {
            for (String c : r.rt.catalog.categoryPath(s.itemId())) {
                m.merge(c, (double) s.weight(), Double::sum);
            }
        }
        return m;
    }

    /** ALS: fold the user in from all recent items (or use the trained vector), score every item, keep the top. */
    private void als(Request r, List<Seed> recent, float[] trained) {
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
            v = trained;
        }
        if (v == null) {
            return;
        }
        int k = Math.max(50, 4 * r.n);
        VectorIndex ann = r.rt.served.indexOf(m);
        int[] top;
        float[] topScores;
        if (ann != null) {
            // approximate maximum-inner-product search (ADR 0014), twice the candidates, then the request's own
            // filter on the hits only: a filter inside the graph walk runs on every visited node, which at 100k items
            // cost more than the exact scan it replaces
            float[] query = v;
            top = java.util.Arrays.stream(ann.search(v, 2 * k, null)).filter(i -> r.accept(m.itemId(i))).limit(k)
                    .toArray();
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
            r.add(ALS, m.itemId(i), topScores[t], alsReason(r, recent, recentIdx, recentInvNorm, i));
        }
    }

    /**
     * "because of your interest in X" (X viewed, carted or bought) for the recent item whose factors are closest to the
     * candidate's.
     */
    private static String alsReason(Request r, List<Seed> recent, int[] recentIdx, float[] recentInvNorm, int item) {
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

    /** Item-item similarity by cosine of factor rows (used by the item scenario). */
    private void similarByFactors(Request r, String seedId) {
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
            r.add(ALS, m.itemId(i), scores[i], "similar to " + r.title(seedId));
        }
    }

    /** LLR neighbours of the seeds, each row normalised by its best score and weighted by the seed's weight. */
    private void neighbours(Request r, List<Seed> seeds, String source, float purchaseBoost) {
        ShopModel m = r.model;
        int[] off = m.neighborOffsets();
        int[] nb = m.neighborItems();
        float[] sc = m.neighborScores();
        byte[] kinds = m.neighborKinds();
        for (Seed seed : seeds) {
            int i = m.itemIndex(seed.itemId());
            if (i < 0 || i + 1 >= off.length || off[i] == off[i + 1]) {
                continue;
            }
            float rowMax = 0;
            for (int p = off[i]; p < off[i + 1]; p++) {
                rowMax = Math.max(rowMax, sc[p]);
            }
            if (rowMax <= 0) {
                continue;
            }
            String title = r.title(seed.itemId());
            String boughtReason = "bought together with " + title;
            String viewedReason = "viewed together with " + title;
            for (int p = off[i], end = Math.min(off[i + 1], off[i] + PER_SEED); p < end; p++) {
                boolean bought = p < kinds.length && kinds[p] == EventType.PURCHASE.code();
                double s = seed.weight() * sc[p] / rowMax * (bought ? purchaseBoost : 1f);
                r.add(source, m.itemId(nb[p]), s, bought ? boughtReason : viewedReason);
            }
        }
    }

    /**
     * An item-to-item model of the served model (e.g. the sequence-aware {@code transitions}) scored from the user's
     * recent items, oldest first, by the same {@link SparseItemScorer} the offline evaluation measures; the reason
     * names the recent item that contributed most.
     */
    private void itemModel(Request r, String name) {
        ItemItemModel stored = r.model.itemModel(name);
        if (stored == null || r.user == null || r.user.recentItems().isEmpty()) {
            return;
        }
        List<String> recent = r.user.recentItems(); // newest first
        int[] history = new int[recent.size()];
        float[] w = new float[history.length];
        for (int t = 0; t < history.length; t++) {
            history[t] = r.model.itemIndex(recent.get(history.length - 1 - t));
            w[t] = 1f;
        }
        // the user's recent items are history to this model, never its answer (as in the offline evaluation)
        int[] seen = history.clone();
        java.util.Arrays.sort(seen);
        // Sum the contributions in a per-thread dense buffer first (one array add each, no hashing), then offer only
        // the best few to the request: a long history over long rows makes thousands of contributions, and each
        // costs several hash lookups in the candidate set (the top self-time in the serving profile at 100k items).
        ItemScratch acc = ITEM_SCRATCH.get().reset(r.model.itemCount());
        SparseItemScorer.of(stored).accumulate(history, w, (item, score, because) -> {
            if (java.util.Arrays.binarySearch(seen, item) < 0) {
                acc.add(item, score, because);
            }
        });
        float[] touchedScores = new float[acc.count];
        for (int i = 0; i < acc.count; i++) {
            touchedScores[i] = acc.score[acc.touched[i]];
        }
        int[] top = ModelMath.topK(touchedScores, Math.max(ITEM_MODEL_CANDIDATES, 4 * r.n),
                i -> r.accept(r.model.itemId(acc.touched[i])));
        Map<Integer, String> reasons = new HashMap<>();
        String verb = stored.recency() ? "often chosen after " : "goes with ";
        for (int t : top) {
            int item = acc.touched[t];
            r.add(name, r.model.itemId(item), acc.score[item],
                    reasons.computeIfAbsent(acc.because[item], b -> verb + r.title(r.model.itemId(b))));
        }
    }

    /** Candidates an item-to-item model offers per request (at least; 4·n when more are asked for). */
    private static final int ITEM_MODEL_CANDIDATES = 200;
    private static final ThreadLocal<ItemScratch> ITEM_SCRATCH = ThreadLocal.withInitial(ItemScratch::new);

    /**
     * Per-thread dense accumulator over the model's items: summed score, best single contribution and its history item,
     * and the list of touched items (so a reset clears only those).
     */
    private static final class ItemScratch {
        float[] score = new float[0];
        float[] best = new float[0];
        int[] because = new int[0];
        int[] touched = new int[0];
        boolean[] marked = new boolean[0];
        int count;

        ItemScratch reset(int items) {
            if (score.length != items) {
                score = new float[items];
                best = new float[items];
                because = new int[items];
                touched = new int[items];
                marked = new boolean[items];
            } else {
                for (int i = 0; i < count; i++) {
                    int item = touched[i];
                    score[item] = 0;
                    best[item] = 0;
                    marked[item] = false;
                }
            }
            count = 0;
            return this;
        }

        void add(int item, float s, int from) {
            if (!marked[item]) {
                marked[item] = true;
                touched[count++] = item;
                best[item] = Float.NEGATIVE_INFINITY;
            }
            score[item] += s;
            if (s > best[item]) {
                best[item] = s;
                because[item] = from;
            }
        }
    }

    /**
     * Content similarity to the seeds from the catalog alone: same leaf category 1, same brand 0.6, shared title words
     * up to 0.8. Title words shared by more than a tenth of the catalog are ignored.
     */
    private void content(Request r, List<Seed> seeds) {
        for (Seed seed : seeds) {
            ContentNeighbours nb = contentNeighbours(r.rt, seed.itemId());
            if (nb == null) {
                continue;
            }
            String reason = nb.reason();
            int added = 0;
            for (int i = 0; i < nb.ids().length && added < PER_SEED; i++) {
                if (r.accept(nb.ids()[i])) {
                    r.add(CONTENT, nb.ids()[i], nb.scores()[i] * seed.weight(), reason);
                    added++;
                }
            }
        }
    }

    /**
     * An item's content neighbours, best first, before request filters. Content similarity is a function of the catalog
     * alone, so it is computed once per item and catalog version rather than on every request (it used to be half of a
     * request's CPU).
     */
    private record ContentNeighbours(long catalogVersion, String[] ids, float[] scores, String reason) {
    }

    private static final int CONTENT_CACHED = 4 * PER_SEED;
    private static final int MAX_CONTENT_CACHE = 200_000;
    private final java.util.concurrent.ConcurrentHashMap<String, ContentNeighbours> contentCache = new java.util.concurrent.ConcurrentHashMap<>();

    private ContentNeighbours contentNeighbours(ShopRuntime rt, String itemId) {
        CatalogIndex cat = rt.catalog;
        long version = cat.version();
        String key = rt.id.value() + '\u0000' + itemId;
        ContentNeighbours cached = contentCache.get(key);
        if (cached != null && cached.catalogVersion() == version) {
            return cached;
        }
        Entry e = cat.get(itemId);
        if (e == null) {
            return null;
        }
        int commonToken = Math.max(50, cat.size() / 10);
        Map<String, Double> local = new HashMap<>();
        String leaf = e.leafLower();
        if (leaf != null) {
            scan(cat.inCategory(leaf), id -> local.merge(id, 1.0, Double::sum));
        }
        if (e.brandLower() != null) {
            scan(cat.ofBrand(e.brandLower()), id -> local.merge(id, 0.6, Double::sum));
        }
        if (!e.tokens().isEmpty()) {
            double per = 0.8 / e.tokens().size();
            for (String t : e.tokens()) {
                Set<String> ids = cat.withToken(t);
                if (ids.size() <= commonToken) {
                    scan(ids, id -> local.merge(id, per, Double::sum));
                }
            }
        }
        local.remove(itemId);
        String[] ids = local.keySet().toArray(new String[0]);
        float[] scores = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            scores[i] = local.get(ids[i]).floatValue();
        }
        int[] top = ModelMath.topK(scores, CONTENT_CACHED, i -> true);
        String[] topIds = new String[top.length];
        float[] topScores = new float[top.length];
        for (int i = 0; i < top.length; i++) {
            topIds[i] = ids[top[i]];
            topScores[i] = scores[top[i]];
        }
        ContentNeighbours nb = new ContentNeighbours(version, topIds, topScores, "similar to " + e.title());
        if (contentCache.size() >= MAX_CONTENT_CACHE) {
            contentCache.clear();
        }
        contentCache.put(key, nb);
        return nb;
    }

    private static void scan(Set<String> ids, java.util.function.Consumer<String> c) {
        int seen = 0;
        for (String id : ids) {
            if (seen++ == CONTENT_SCAN) {
                return;
            }
            c.accept(id);
        }
    }

    /** Realtime trending counters, in {@code category} (any level) or shop-wide; the model's as fallback. */
    private void trending(Request r, String category) {
        counters(r, category, true);
    }

    private void popular(Request r, String category) {
        counters(r, category, false);
    }

    /**
     * A ranking of items by a realtime counter in one scope, best first. Scores are comparable within the ranking only
     * (they are normalised per request anyway).
     */
    record Ranking(String[] ids, float[] scores, long itemVersion, long catalogVersion, long modelVersion,
            long computedNanos) {
    }

    /**
     * The cached ranking of the scope, recomputed when the served model changed, or when item activity or the catalog
     * changed and the cached one is older than {@link #RANKING_REFRESH_NANOS}. Since all counters decay at the same
     * rate, a ranking stays exact until the next event; with events it lags by at most that interval.
     */
    private Ranking ranking(Request r, String category, boolean trending) {
        String key = (trending ? "t:" : "p:") + (category == null ? "" : CatalogIndex.lower(category));
        long version = r.rt.realtime.itemVersion();
        Ranking cached = r.rt.rankings.get(key);
        long now = System.nanoTime();
        if (cached != null && r.model == r.rt.served.model()
                && (cached.itemVersion() == version || now - cached.computedNanos() < RANKING_REFRESH_NANOS)) {
            return cached;
        }
        Ranking fresh = computeRanking(r, category, trending, version, now);
        r.rt.rankings.put(key, fresh);
        return fresh;
    }

    private Ranking computeRanking(Request r, String category, boolean trending, long version, long now) {
        long catalogVersion = r.rt.catalog.version();
        List<String> ids = new ArrayList<>();
        FloatList vals = new FloatList();
        if (category != null) {
            for (String id : r.rt.catalog.inCategory(category)) {
                double v = trending ? r.rt.realtime.trending(id, r.now) : r.rt.realtime.popularity(id, r.now);
                if (v > 0) {
                    ids.add(id);
                    vals.add((float) v);
                }
            }
        } else {
            r.rt.realtime.forEachItem((id, t, p) -> {
                double v = trending ? t : p;
                if (v > 0) {
                    ids.add(id);
                    vals.add((float) v);
                }
            }, r.now);
        }
        if (ids.isEmpty()) {
            // no realtime activity in scope (e.g. only events older than the replay horizon): the model's counters
            ShopModel m = r.model;
            float[] arr = trending ? m.trending() : m.popularity();
            String lower = category == null ? null : CatalogIndex.lower(category);
            for (int i = 0; i < arr.length; i++) {
                if (arr[i] > 0) {
                    Entry e = r.rt.catalog.get(m.itemId(i));
                    if (lower == null || e != null && e.inCategory(lower)) {
                        ids.add(m.itemId(i));
                        vals.add(arr[i]);
                    }
                }
            }
        }
        float[] scores = vals.toArray();
        int[] top = ModelMath.topK(scores, RANKING_SIZE, i -> true);
        String[] topIds = new String[top.length];
        float[] topScores = new float[top.length];
        for (int i = 0; i < top.length; i++) {
            topIds[i] = ids.get(top[i]);
            topScores[i] = scores[top[i]];
        }
        return new Ranking(topIds, topScores, version, catalogVersion, r.model.version(), now);
    }

    /** Adds the best accepted items of the scope's trending or popular ranking. */
    private void counters(Request r, String category, boolean trending) {
        String source = trending ? TRENDING : POPULAR;
        int k = Math.max(50, 4 * r.n);
        Ranking rk = ranking(r, category, trending);
        int added = 0;
        String fixedReason = trending ? (category != null ? "trending in " + category : "trending now")
                : category != null ? "popular in " + category : null;
        Map<String, String> byRoot = fixedReason == null ? new HashMap<>() : null; // "popular in <root>" per root
        for (int i = 0; i < rk.ids().length && added < k; i++) {
            String id = rk.ids()[i];
            if (!r.accept(id)) {
                continue;
            }
            String reason = fixedReason;
            if (reason == null) {
                Entry e = r.rt.catalog.get(id);
                String root = e == null ? null : e.rootCategory();
                reason = root == null ? "popular" : byRoot.computeIfAbsent(root, c -> "popular in " + c);
            }
            r.add(source, id, rk.scores()[i], reason);
            added++;
        }
    }

    /** A growable float array (no boxing on the ranking path). */
    private static final class FloatList {
        private float[] a = new float[256];
        private int size;

        void add(float v) {
            if (size == a.length) {
                a = java.util.Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, size);
        }
    }

    /**
     * Names of the candidate sources of a configuration (built-in and item-to-item models), valid as experiment models
     * and blend-weight keys.
     */
    static java.util.Set<String> sourceNames(EngineConfig config) {
        java.util.Set<String> out = new java.util.TreeSet<>(List.of(BUILT_IN));
        out.addAll(config.itemModels().keySet());
        return out;
    }
}
