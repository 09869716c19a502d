package org.shoptide.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.shoptide.engine.CatalogIndex.Entry;
import org.shoptide.engine.Retrieval.Seed;

/**
 * {@code content}: items similar to the seeds (recent items, the item, or the cart) from the catalog alone: same leaf
 * category 1, same brand 0.6, shared title words up to 0.8 (words shared by more than a tenth of the catalog are
 * ignored). How items without history become reachable.
 */
final class ContentSource implements CandidateSource {
    static final String NAME = "content";
    private static final int CONTENT_SEEDS = 5;
    private static final int CONTENT_SCAN = 2000;
    private static final int PER_SEED = CooccurrenceSource.PER_SEED;
    private static final int CONTENT_CACHED = 4 * PER_SEED;
    private static final int MAX_CONTENT_CACHE = 200_000;

    /**
     * An item's content neighbours, best first, before request filters. Content similarity is a function of the catalog
     * alone, so it is computed once per item and catalog version rather than on every request (it used to be half of a
     * request's CPU).
     */
    private record ContentNeighbours(long catalogVersion, String[] ids, float[] scores, String reason) {
    }

    private final ConcurrentHashMap<String, ContentNeighbours> cache = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void retrieve(Retrieval r) {
        if (r.weight(NAME) <= 0) {
            return;
        }
        switch (r.scenario) {
            case USER -> content(r, r.recent.subList(0, Math.min(CONTENT_SEEDS, r.recent.size())));
            case ITEM -> content(r, List.of(new Seed(r.req.itemId(), 1f)));
            case CART -> {
                List<Seed> seeds = CooccurrenceSource.cartSeeds(r);
                content(r, seeds.subList(0, Math.min(CONTENT_SEEDS, seeds.size())));
            }
            case TRENDING -> {
            }
        }
    }

    private void content(Retrieval r, List<Seed> seeds) {
        for (Seed seed : seeds) {
            ContentNeighbours nb = neighbours(r.rt, seed.itemId());
            if (nb == null) {
                continue;
            }
            String reason = nb.reason();
            int added = 0;
            for (int i = 0; i < nb.ids().length && added < PER_SEED; i++) {
                if (r.accept(nb.ids()[i])) {
                    r.add(NAME, nb.ids()[i], nb.scores()[i] * seed.weight(), reason);
                    added++;
                }
            }
        }
    }

    private ContentNeighbours neighbours(ShopRuntime rt, String itemId) {
        CatalogIndex cat = rt.catalog;
        long version = cat.version();
        String key = rt.id.value() + '\u0000' + itemId;
        ContentNeighbours cached = cache.get(key);
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
        if (cache.size() >= MAX_CONTENT_CACHE) {
            cache.clear();
        }
        cache.put(key, nb);
        return nb;
    }

    private static void scan(Set<String> ids, Consumer<String> c) {
        int seen = 0;
        for (String id : ids) {
            if (seen++ == CONTENT_SCAN) {
                return;
            }
            c.accept(id);
        }
    }
}
