package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.engine.Retrieval.Candidate;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.tuning.Holdout;
import org.shoptide.engine.tuning.HoldoutMetrics;

/**
 * Chooses a shop's "for you" blend on a temporal hold-out of its own data (ADR 0035, {@code training.auto-blend}).
 * <ol>
 * <li>Candidates: for each held-out user, the serving pipeline itself ({@link Recommender#retrieveAll}, the same
 * {@link CandidateSource}s over a model trained without the held-out events) offers its candidates with every source
 * on, as a "for you" request of {@link #K} items would; the user's realtime state stands in for the request with the
 * held-out items removed. Each source's best {@link #PER_SOURCE} candidates are kept with their raw scores, the
 * request's best score per source and the request's factor (intent boost) — everything {@link Blender} fuses.
 * <li>Search, without retraining or retrieving again: each trial re-fuses the kept lists with the Blender's own
 * arithmetic ({@link Blender#normalise}, {@link Blender#weightedSum}, {@link Blender#factor}, ties by item id) and
 * scores the served order by NDCG@{@value #K} (recall@K breaks ties), a user whose lists miss every target counting 0.
 * Trials: each source alone, the configured weights, then coordinate ascent from the better of those two over
 * {@link #GRID} per source (weight 0 = off), at most {@link #ROUNDS} rounds.
 * <li>Choice: the ascent's weights when they beat the best single source by more than {@link #MARGIN} (relative; a
 * blend has to earn its extra parts against the search's own optimism), else the best single source alone; a source the
 * hold-out cannot exercise ({@code query} without a candidate set, {@code profile} without profiles) keeps its
 * configured weight. Nothing is chosen (the configured weights serve) when no trial answers any held-out item.
 * </ol>
 * Life-event lifts and the fill from trending/popular are not part of the trials (they rank below or outside the
 * sources' candidates). Cost: one retrieval per held-out user, then about {@code ROUNDS × sources × |GRID|} cheap
 * passes over the kept lists.
 */
final class BlendTuning {
    /** The list length the hold-out scores (the metadata's {@code blend.*@K}). */
    static final int K = 20;
    /** Candidates kept per source and user for the re-fusing. */
    static final int PER_SOURCE = 100;
    static final double[] GRID = { 0, 0.1, 0.25, 0.5, 1, 2, 4 };
    static final int ROUNDS = 3;
    /** A blend must beat the best single source's NDCG by this share. */
    static final double MARGIN = 0.01;

    /** The choice (null when none) and its report for the model metadata. */
    record Result(BlendChoice choice, Map<String, String> metadata) {
    }

    /** One held-out user's kept candidates: row-major raw scores (candidates × sources). */
    private record Lists(double[] scores, double[] max, double[] factor, int[] idRank, int[] targets, int targetCount) {
        int size() {
            return factor.length;
        }
    }

    private final String[] names;
    private final List<Lists> users = new ArrayList<>();
    private int misses;
    private int trials;

    private BlendTuning(String[] names) {
        this.names = names;
    }

    /** Tunes the blend of {@code rt}'s shop on {@code holdout}, {@code model} trained on its training part. */
    static Result tune(Recommender recommender, ShopRuntime rt, ShopModel model, Holdout holdout, EngineConfig config) {
        long t0 = System.nanoTime();
        BlendTuning t = new BlendTuning(recommender.names());
        Map<String, CounterSource.Ranking> rankings = new HashMap<>();
        for (String user : holdout.userIds()) {
            Set<String> targets = holdout.targets(user);
            UserSnapshot snap = withoutTargets(rt.realtime.user(user), holdout.history(user), targets);
            RecommendationRequest req = new RecommendationRequest(rt.id, Scenario.USER, user, null, null, null, K,
                    Filters.NONE, true, null);
            t.keep(recommender.retrieveAll(rt, model, rankings, req, snap, user), targets);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("blend.protocol", "latest-event");
        meta.put("blend.users", Integer.toString(t.users.size() + t.misses));
        meta.put("blend.k", Integer.toString(K));
        BlendChoice choice = t.search(config, meta);
        meta.put("blend.trials", Integer.toString(t.trials));
        meta.put("blend.tookMillis", Long.toString((System.nanoTime() - t0) / 1_000_000));
        if (choice != null) {
            Map<String, String> ordered = new LinkedHashMap<>(choice.metadata());
            ordered.putAll(meta);
            meta = ordered;
        }
        return new Result(choice, meta);
    }

    /**
     * The user's realtime state without the held-out items (or, when the realtime state does not know the user, their
     * training history), as it was before the held-out event.
     */
    private static UserSnapshot withoutTargets(Optional<UserSnapshot> realtime, List<String> history,
            Set<String> targets) {
        if (realtime.isEmpty()) {
            float[] w = new float[history.size()];
            Arrays.fill(w, 1f);
            return new UserSnapshot(history, w, new long[history.size()], List.of(), Set.of(), Set.of(), Set.of(),
                    Map.of(), 0);
        }
        UserSnapshot s = realtime.get();
        List<String> recent = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < s.recentItems().size(); i++) {
            if (!targets.contains(s.recentItems().get(i))) {
                recent.add(s.recentItems().get(i));
                kept.add(i);
            }
        }
        float[] w = new float[kept.size()];
        long[] times = new long[kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            w[k] = s.recentWeights()[kept.get(k)];
            times[k] = s.recentTimes()[kept.get(k)];
        }
        return new UserSnapshot(recent, w, times, s.sessionItems().stream().filter(i -> !targets.contains(i)).toList(),
                minus(s.purchased(), targets), minus(s.cart(), targets), s.disliked(), s.categoryAffinity(),
                s.lastEventMillis());
    }

    private static Set<String> minus(Set<String> set, Set<String> targets) {
        return set.stream().filter(i -> !targets.contains(i)).collect(Collectors.toSet());
    }

    /** Keeps each source's best candidates of one user's retrieval (or counts a miss when no target is among them). */
    private void keep(Retrieval r, Set<String> targets) {
        int sources = names.length;
        if (r.scenario != Scenario.USER) {
            misses++; // served as trending: no source to weigh
            return;
        }
        List<Candidate> all = new ArrayList<>(r.candidates.values());
        Set<Candidate> kept = new HashSet<>();
        for (int s = 0; s < sources; s++) {
            int src = s;
            all.stream().filter(c -> c.score[src] > 0)
                    .sorted(Comparator.comparingDouble((Candidate c) -> -c.score[src]).thenComparing(c -> c.id))
                    .limit(PER_SOURCE).forEach(kept::add);
        }
        List<Candidate> list = new ArrayList<>(kept);
        list.sort(Comparator.comparing(c -> c.id));
        int[] hit = new int[targets.size()];
        int hits = 0;
        for (int c = 0; c < list.size() && hits < hit.length; c++) {
            if (targets.contains(list.get(c).id)) {
                hit[hits++] = c;
            }
        }
        hit = Arrays.copyOf(hit, hits);
        if (hit.length == 0) {
            misses++;
            return;
        }
        Map<String, Double> affinity = Blender.intent(r);
        double maxAff = Blender.maxAffinity(affinity);
        double[] scores = new double[list.size() * sources];
        double[] factor = new double[list.size()];
        int[] idRank = new int[list.size()];
        for (int c = 0; c < list.size(); c++) {
            System.arraycopy(list.get(c).score, 0, scores, c * sources, sources);
            factor[c] = Blender.factor(r, list.get(c).id, affinity, maxAff);
            idRank[c] = c; // sorted by id above
        }
        users.add(new Lists(scores, r.max.clone(), factor, idRank, hit, targets.size()));
    }

    /** The hold-out metrics of serving {@code weights} (per source name index). */
    HoldoutMetrics.Result evaluate(double[] weights) {
        trials++;
        int sources = names.length;
        HoldoutMetrics m = new HoldoutMetrics(K);
        double[] row = new double[sources];
        int[] ranks = new int[K];
        for (Lists u : users) {
            double[] w = Blender.normalise(weights, u.max());
            double[] blended = new double[u.size()];
            for (int c = 0; c < u.size(); c++) {
                System.arraycopy(u.scores(), c * sources, row, 0, sources);
                blended[c] = Blender.weightedSum(w, row) * u.factor()[c];
            }
            int hits = 0;
            for (int t : u.targets()) {
                double b = blended[t];
                if (b <= 0) {
                    continue; // not shown: no weighted source offers it
                }
                int rank = 0;
                for (int c = 0; c < u.size() && rank < K; c++) {
                    if (blended[c] > b || (blended[c] == b && u.idRank()[c] < u.idRank()[t])) {
                        rank++;
                    }
                }
                if (rank < K) {
                    ranks[hits++] = rank;
                }
            }
            m.addRanks(ranks, hits, u.targetCount());
        }
        for (int i = 0; i < misses; i++) {
            m.addMiss();
        }
        return m.result();
    }

    private double defaults(EngineConfig config, int source) {
        return config.blendWeight(Scenario.USER, names[source]);
    }

    private static boolean better(HoldoutMetrics.Result a, HoldoutMetrics.Result b) {
        return a.ndcg() > b.ndcg() || (a.ndcg() == b.ndcg() && a.recall() > b.recall());
    }

    /** The trials of the class comment; writes each single source's and the default's metrics to {@code meta}. */
    private BlendChoice search(EngineConfig config, Map<String, String> meta) {
        int sources = names.length;
        boolean[] active = new boolean[sources];
        for (Lists u : users) {
            for (int s = 0; s < sources; s++) {
                active[s] |= u.max()[s] > 0;
            }
        }
        double[] defaults = new double[sources];
        for (int s = 0; s < sources; s++) {
            defaults[s] = active[s] ? config.blendWeight(Scenario.USER, names[s]) : 0;
        }
        HoldoutMetrics.Result def = evaluate(defaults);
        meta.putAll(def.metadata("blend.default", K));
        int bestSingle = -1;
        HoldoutMetrics.Result single = null;
        for (int s = 0; s < sources; s++) {
            if (!active[s]) {
                continue;
            }
            double[] w = new double[sources];
            w[s] = 1;
            HoldoutMetrics.Result r = evaluate(w);
            meta.putAll(r.metadata("blend.single." + names[s], K));
            if (single == null || better(r, single)) {
                single = r;
                bestSingle = s;
            }
        }
        if (single == null || (single.ndcg() == 0 && def.ndcg() == 0)) {
            return null; // no source answers any held-out item: nothing to choose by
        }
        double[] w = new double[sources];
        HoldoutMetrics.Result best;
        if (better(def, single)) {
            w = defaults.clone();
            best = def;
        } else {
            w[bestSingle] = 1;
            best = single;
        }
        for (int round = 0; round < ROUNDS; round++) {
            boolean improved = false;
            for (int s = 0; s < sources; s++) {
                if (!active[s]) {
                    continue;
                }
                for (double g : GRID) {
                    if (g == w[s]) {
                        continue;
                    }
                    double[] trial = w.clone();
                    trial[s] = g;
                    if (Arrays.stream(trial).noneMatch(v -> v > 0)) {
                        continue;
                    }
                    HoldoutMetrics.Result r = evaluate(trial);
                    if (better(r, best)) {
                        best = r;
                        w = trial;
                        improved = true;
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (int s = 0; s < sources; s++) {
            if (!active[s] && defaults(config, s) > 0) {
                weights.put(names[s], defaults(config, s)); // not measurable here (query, profiles): as configured
            }
        }
        String choice;
        HoldoutMetrics.Result chosen;
        if (best.ndcg() > single.ndcg() * (1 + MARGIN)) {
            for (int s = 0; s < sources; s++) {
                if (w[s] > 0) {
                    weights.put(names[s], w[s]);
                }
            }
            choice = "blend";
            chosen = best;
        } else {
            weights.put(names[bestSingle], 1.0);
            choice = "single:" + names[bestSingle];
            chosen = single;
        }
        meta.putAll(best.metadata("blend.tuned", K));
        meta.putAll(chosen.metadata("blend", K));
        List<String> models = config.itemModels().keySet().stream().filter(weights::containsKey).toList();
        return new BlendChoice(choice, weights, models);
    }
}
