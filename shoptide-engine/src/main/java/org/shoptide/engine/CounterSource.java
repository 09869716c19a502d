package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.model.ShopModel;
import org.shoptide.engine.CatalogIndex.Entry;
import org.shoptide.engine.api.Scenario;

/**
 * {@code trending} and {@code popular}: items ranked by a realtime decayed counter (short and long half-life), in a
 * category (any level) or shop-wide, with the model's counters as fallback when the scope has no realtime activity. The
 * two sources differ only in the counter they read, hence one class with two instances ({@link #trending()},
 * {@link #popular()}). The trending scenario, and users the engine knows nothing about, are served from both; the
 * {@link Blender} fills short answers from them.
 */
final class CounterSource implements CandidateSource {
    static final String TRENDING = "trending";
    static final String POPULAR = "popular";
    /** Items kept per cached ranking. */
    private static final int RANKING_SIZE = 1000;
    /** Once item activity changed, a cached ranking is recomputed when older than this (250 ms). */
    private static final long RANKING_REFRESH_NANOS = 250_000_000L;

    /**
     * A ranking of items by a realtime counter in one scope, best first. Scores are comparable within the ranking only
     * (they are normalised per request anyway).
     */
    record Ranking(String[] ids, float[] scores, long itemVersion, long catalogVersion, long modelVersion,
            long computedNanos) {
    }

    private final boolean trending;
    private final String name;

    private CounterSource(boolean trending) {
        this.trending = trending;
        this.name = trending ? TRENDING : POPULAR;
    }

    static CounterSource trending() {
        return new CounterSource(true);
    }

    static CounterSource popular() {
        return new CounterSource(false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void retrieve(Retrieval r) {
        if (r.scenario == Scenario.TRENDING) {
            offer(r, r.scope);
        } else if (r.weight(name) > 0) {
            offer(r, r.scenario == Scenario.ITEM ? leaf(r) : r.scope);
        }
    }

    /** The item scenario's scope: the seed item's category, else the request's. */
    private static String leaf(Retrieval r) {
        Entry e = r.rt.catalog.get(r.req.itemId());
        return e == null || e.item().category() == null ? r.scope : e.item().category();
    }

    /** Offers the best accepted items of the scope's ranking ({@code category} null: shop-wide). */
    void offer(Retrieval r, String category) {
        int k = Math.max(50, 4 * r.n);
        Ranking rk = ranking(r, category);
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
            r.add(name, id, rk.scores()[i], reason);
            added++;
        }
    }

    /**
     * The cached ranking of the scope, recomputed when the served model changed, or when item activity or the catalog
     * changed and the cached one is older than {@link #RANKING_REFRESH_NANOS}. Since all counters decay at the same
     * rate, a ranking stays exact until the next event; with events it lags by at most that interval.
     */
    @SuppressWarnings("ReferenceEquality") // which cache, not what it holds
    Ranking ranking(Retrieval r, String category) {
        String key = (trending ? "t:" : "p:") + (category == null ? "" : CatalogIndex.lower(category));
        long version = r.rt.realtime.itemVersion();
        Ranking cached = r.rankings.get(key);
        long now = System.nanoTime();
        // the shop's cache holds the served model's rankings; a hold-out model (BlendTuning) brings its own cache
        boolean cacheOfModel = r.rankings != r.rt.rankings || r.model == r.rt.served.model();
        if (cached != null && cacheOfModel
                && (cached.itemVersion() == version || now - cached.computedNanos() < RANKING_REFRESH_NANOS)) {
            return cached;
        }
        Ranking fresh = compute(r, category, version, now);
        if (cacheOfModel) {
            r.rankings.put(key, fresh);
        }
        return fresh;
    }

    private Ranking compute(Retrieval r, String category, long version, long now) {
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
                    if (lower == null || (e != null && e.inCategory(lower))) {
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

    /** A growable float array (no boxing on the ranking path). */
    private static final class FloatList {
        private float[] a = new float[256];
        private int size;

        void add(float v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
