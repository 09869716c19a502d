package org.shoptide.engine;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.algo.SparseItemScorer;
import org.shoptide.core.model.ItemItemModel;
import org.shoptide.engine.api.Scenario;

/**
 * One item-to-item model of the served model (e.g. the sequence-aware {@code transitions}: what users usually choose
 * next after the recent items), named like the model, scored from the user's recent items, oldest first, by the same
 * {@link SparseItemScorer} the offline evaluation measures; the reason names the recent item that contributed most.
 */
final class ItemModelSource implements CandidateSource {
    /** Candidates an item-to-item model offers per request (at least; 4·n when more are asked for). */
    private static final int ITEM_MODEL_CANDIDATES = 200;
    private static final ThreadLocal<ItemScratch> ITEM_SCRATCH = ThreadLocal.withInitial(ItemScratch::new);

    private final String name;

    ItemModelSource(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void retrieve(Retrieval r) {
        if (r.scenario != Scenario.USER || r.weight(name) <= 0) {
            return;
        }
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
        Arrays.sort(seen);
        // Sum the contributions in a per-thread dense buffer first (one array add each, no hashing), then offer only
        // the best few to the request: a long history over long rows makes thousands of contributions, and each
        // costs several hash lookups in the candidate set (the top self-time in the serving profile at 100k items).
        ItemScratch acc = ITEM_SCRATCH.get().reset(r.model.itemCount());
        SparseItemScorer.of(stored).accumulate(history, w, (item, score, because) -> {
            if (Arrays.binarySearch(seen, item) < 0) {
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
}
