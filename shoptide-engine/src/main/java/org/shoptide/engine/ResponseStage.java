package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.shoptide.core.catalog.Item;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.rules.ItemSignals;
import org.shoptide.engine.rules.RuleContext;
import org.shoptide.engine.rules.Rule;
import org.shoptide.engine.rules.RuleSet.ScenarioRules;

/**
 * The stage after ranking: business rules, exploration, positions.
 * <ol>
 * <li><b>Filter</b>: in-stock-only, include and exclude rules, and items resting under the rotation rule.
 * <li><b>Re-weight</b>: each score times the factors of the boost and bury rules the item matches; stable re-sort.
 * <li><b>Diversify</b>: each cap rule walks the list and drops items whose brand or leaf category already reached its
 * maximum (over the whole list, so any subset of it also respects the cap).
 * <li><b>Pin</b>: pinned items eligible for the request take their positions; the rest fill the free positions.
 * <li><b>Explore</b> (exploration rate ε &gt; 0): with probability 1 - ε the free positions get the list in rank order;
 * with probability ε they get a uniformly random ordered sample from the top M = min(|list|, 3 × free positions). So
 * the probability that item i is shown at free position k is (1 - ε)·[i is k-th in rank order] + ε / M exactly (each
 * ordered position of a uniform sample without replacement holds each of the M items with probability 1 / M); pinned
 * items have propensity 1. These are the logged propensities.
 * </ol>
 */
final class ResponseStage {
    /** The exploration pool is this many times the number of free positions. */
    static final int EXPLORATION_POOL_FACTOR = 3;
    /** At most this many candidates are ranked for a response that rules or exploration will cut. */
    static final int MAX_FETCH = 300;

    private ResponseStage() {
    }

    /** The final items, with 1-based positions and (with exploration) propensities. */
    record Result(List<RecommendedItem> items, boolean explored) {
    }

    /** How many ranked candidates to ask the recommender for, so that filters and exploration have enough. */
    static int fetch(ScenarioRules rules, int n, double epsilon) {
        if (rules.isEmpty() && epsilon == 0) {
            return n;
        }
        return Math.min(MAX_FETCH, EXPLORATION_POOL_FACTOR * n + rules.pins().size() + (rules.isEmpty() ? 0 : 20));
    }

    /**
     * @param pinnable
     *            the catalog item of a pinned id when it may be shown for this request (in the catalog, not excluded by
     *            the request), else null
     * @param user
     *            the caller's user traits, read by rules with user conditions (empty for an anonymous caller)
     */
    static Result apply(ScenarioRules rules, List<RecommendedItem> ranked, Set<String> resting,
            Function<String, Item> pinnable, Map<String, String> user, int n, double epsilon, RandomGenerator random) {
        return apply(rules, ItemSignals.NONE, ranked, resting, pinnable, user, n, epsilon, random);
    }

    /**
     * {@link #apply} with the engine's {@code signals} for the rules' expressions ({@code price_drop_pct}) and the
     * caller's traits {@code user} ({@code user.NAME}).
     */
    static Result apply(ScenarioRules rules, ItemSignals signals, List<RecommendedItem> ranked, Set<String> resting,
            Function<String, Item> pinnable, Map<String, String> user, int n, double epsilon, RandomGenerator random) {
        RuleContext ctx = new RuleContext(signals, user);
        List<RecommendedItem> pool = new ArrayList<>(ranked.size());
        for (RecommendedItem ri : ranked) {
            Item it = ri.item();
            if (it == null ? !rules.isEmpty() : !rules.admits(it)) {
                continue;
            }
            if (!resting.contains(ri.itemId())) {
                pool.add(ri);
            }
        }
        if (rules.reweights()) {
            List<RecommendedItem> weighted = new ArrayList<>(pool.size());
            for (RecommendedItem ri : pool) {
                double f = ri.item() == null ? 1 : rules.factor(ri.item(), ctx);
                weighted.add(f == 1 ? ri : ri.withScore(ri.score() * f));
            }
            weighted.sort(Comparator.comparingDouble(RecommendedItem::score).reversed()); // stable
            pool = weighted;
        }
        for (Rule.Cap cap : rules.caps()) {
            pool = cap(pool, cap);
        }
        TreeMap<Integer, RecommendedItem> pinned = new TreeMap<>();
        for (Rule.Pin p : rules.pins()) {
            if (p.position() > n) {
                continue;
            }
            Item it = pinnable.apply(p.itemId());
            if (it == null || !rules.admits(it)) {
                continue;
            }
            RecommendedItem ranked0 = null;
            for (int i = 0; i < pool.size(); i++) {
                if (pool.get(i).itemId().equals(p.itemId())) {
                    ranked0 = pool.remove(i);
                    break;
                }
            }
            pinned.put(p.position(),
                    ranked0 == null ? new RecommendedItem(p.itemId(), 0, "featured", "pin", it)
                            : new RecommendedItem(p.itemId(), ranked0.score(), ranked0.reason(), "pin", it, 0, null,
                                    ranked0.sourceScores()));
        }
        int free = Math.max(0, n - pinned.size());
        int m = Math.min(pool.size(), EXPLORATION_POOL_FACTOR * free);
        int take = Math.min(free, pool.size());
        List<RecommendedItem> chosen;
        boolean explored = false;
        if (epsilon > 0 && m > 0 && random.nextDouble() < epsilon) {
            explored = true;
            List<RecommendedItem> top = new ArrayList<>(pool.subList(0, m));
            for (int i = 0; i < take; i++) { // partial Fisher-Yates: a uniform ordered sample
                int j = i + random.nextInt(m - i);
                RecommendedItem tmp = top.get(i);
                top.set(i, top.get(j));
                top.set(j, tmp);
            }
            chosen = top.subList(0, take);
        } else {
            chosen = pool.subList(0, take);
        }
        Double[] propensity = new Double[chosen.size()];
        if (epsilon > 0) {
            for (int k = 0; k < chosen.size(); k++) {
                boolean greedy = pool.get(k).itemId().equals(chosen.get(k).itemId());
                propensity[k] = (greedy ? 1 - epsilon : 0) + epsilon / m;
            }
        }
        List<RecommendedItem> out = new ArrayList<>(chosen.size() + pinned.size());
        int next = 0;
        int total = chosen.size() + pinned.size();
        for (int pos = 1; pos <= total; pos++) {
            RecommendedItem pin = pinned.remove(pos);
            if (pin != null) {
                out.add(pin.placed(pos, epsilon > 0 ? 1.0 : null));
            } else if (next < chosen.size()) {
                out.add(chosen.get(next).placed(pos, propensity[next]));
                next++;
            } else {
                // the list is shorter than the remaining pins' positions: they follow in order
                Map.Entry<Integer, RecommendedItem> first = pinned.pollFirstEntry();
                out.add(first.getValue().placed(pos, epsilon > 0 ? 1.0 : null));
            }
        }
        return new Result(out, explored);
    }

    private static List<RecommendedItem> cap(List<RecommendedItem> list, Rule.Cap cap) {
        Map<String, Integer> counts = new HashMap<>();
        List<RecommendedItem> out = new ArrayList<>(list.size());
        for (RecommendedItem ri : list) {
            String v = ri.item() == null ? null : cap.field().valueOf(ri.item());
            if (v == null || counts.merge(v, 1, Integer::sum) <= cap.max()) {
                out.add(ri);
            }
        }
        return out;
    }
}
