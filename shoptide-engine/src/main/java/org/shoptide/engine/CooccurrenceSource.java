package org.shoptide.engine;

import java.util.ArrayList;
import java.util.List;
import org.shoptide.core.event.EventType;
import org.shoptide.core.model.ShopModel;
import org.shoptide.engine.Retrieval.Seed;

/**
 * {@code cooccurrence}: the LLR neighbours of the seeds: the user's recent items (user scenario, when weighted), the
 * item (item scenario) or the cart, with items bought together boosted (cart scenario).
 */
final class CooccurrenceSource implements CandidateSource {
    static final String NAME = "cooccurrence";
    /** Candidates taken per seed item from its neighbour row. */
    static final int PER_SEED = 30;
    private static final float PURCHASE_NEIGHBOUR_BOOST = 2f;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void retrieve(Retrieval r) {
        switch (r.scenario) {
            case USER -> {
                if (r.weight(NAME) > 0) {
                    neighbours(r, r.recent, NAME, 1f);
                }
            }
            case ITEM -> neighbours(r, List.of(new Seed(r.req.itemId(), 1f)), NAME, 1f);
            case CART -> neighbours(r, cartSeeds(r), NAME, PURCHASE_NEIGHBOUR_BOOST);
            case TRENDING -> {
            }
        }
    }

    /** The cart's items as seeds of weight 1. */
    static List<Seed> cartSeeds(Retrieval r) {
        List<Seed> seeds = new ArrayList<>();
        for (String id : r.cart()) {
            seeds.add(new Seed(id, 1f));
        }
        return seeds;
    }

    /**
     * Offers the LLR neighbours of the seeds as {@code source}, each row normalised by its best score and weighted by
     * the seed's weight; neighbours bought together are multiplied by {@code purchaseBoost}.
     */
    static void neighbours(Retrieval r, List<Seed> seeds, String source, float purchaseBoost) {
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
}
