package org.shoptide.engine.tuning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.shoptide.core.algo.TrainingData;

/**
 * A temporal hold-out of one shop's training data, the ground truth on which a training chooses what it serves (the
 * blend, and whether an uploaded model may serve): for up to {@code maxUsers} users with at least {@link #MIN_ITEMS}
 * positive items (and at most {@link #MAX_FRACTION} of them, sampled by a seeded hash of the user id, so the same data
 * gives the same sample), the user's latest positive event (every item of it, at most {@link #MAX_EVENT_ITEMS}; the
 * line items of one order share its time) is removed from a copy of the data. Candidate models are trained on
 * {@link #training()}; each must then rank {@link #targets} for the user from what came before. This is the
 * leave-latest-out protocol of the offline harness (Kang &amp; McAuley, SASRec, ICDM 2018), on a sample, with a whole
 * basket as the target. The data given to {@link #latestEvents} is not changed.
 * <p>
 * When fewer than {@link #MIN_USERS} users qualify, the hold-out is empty: too few to choose anything by.
 */
public final class Holdout {
    /** A user needs this many positive items to be held out (so some history remains). */
    public static final int MIN_ITEMS = 3;
    /** Fewer qualifying users than this: no hold-out. */
    public static final int MIN_USERS = 50;
    /** At most this share of the qualifying users is held out. */
    public static final double MAX_FRACTION = 0.5;
    /** At most this many items of a user's latest event are held out. */
    public static final int MAX_EVENT_ITEMS = 20;

    private static final Holdout EMPTY = new Holdout(new TrainingData(), TrainingData.Holdout.NONE, Map.of());

    private final TrainingData training;
    private final TrainingData.Holdout pairs;
    private final Map<String, Set<String>> targets;

    private Holdout(TrainingData training, TrainingData.Holdout pairs, Map<String, Set<String>> targets) {
        this.training = training;
        this.pairs = pairs;
        this.targets = targets;
    }

    /** The hold-out of {@code data}'s users' latest events (see the class comment); {@code data} is left as it is. */
    public static Holdout latestEvents(TrainingData data, int maxUsers, long seed) {
        Objects.requireNonNull(data, "data");
        if (maxUsers < 0) {
            throw new IllegalArgumentException("maxUsers must be >= 0, was " + maxUsers);
        }
        if (maxUsers == 0) {
            return EMPTY;
        }
        TrainingData rest = data.copy();
        TrainingData.Holdout pairs = rest.holdOutLatestEvents(maxUsers, MAX_FRACTION, MIN_ITEMS, MIN_USERS, seed,
                MAX_EVENT_ITEMS);
        if (pairs.size() == 0) {
            return EMPTY;
        }
        Map<String, Set<String>> targets = new LinkedHashMap<>();
        for (int h = 0; h < pairs.size(); h++) {
            targets.computeIfAbsent(rest.userId(pairs.users()[h]), u -> new LinkedHashSet<>())
                    .add(rest.itemId(pairs.items()[h]));
        }
        targets.replaceAll((u, t) -> Collections.unmodifiableSet(t));
        return new Holdout(rest, pairs, Collections.unmodifiableMap(targets));
    }

    /** Whether nothing is held out (too few users): nothing can be chosen by it. */
    public boolean isEmpty() {
        return targets.isEmpty();
    }

    /** The data without the held-out events: what candidate models train on (same user and item indexes). */
    public TrainingData training() {
        return training;
    }

    /** The held-out (user, item) pairs as indexes of {@link #training()}, grouped by user in sample order. */
    public TrainingData.Holdout pairs() {
        return pairs;
    }

    /** The held-out users, in sample order. */
    public List<String> userIds() {
        return List.copyOf(targets.keySet());
    }

    /** The items of the user's held-out event (empty for a user not held out). */
    public Set<String> targets(String userId) {
        return targets.getOrDefault(userId, Set.of());
    }

    /** The user's items left in {@link #training()}, most recent first (ties in item index order). */
    public List<String> history(String userId) {
        int u = training.userIndex(userId);
        if (u < 0) {
            return List.of();
        }
        TrainingData.Csr byUser = training.byUser();
        int from = byUser.offsets()[u];
        int to = byUser.offsets()[u + 1];
        Integer[] order = new Integer[to - from];
        for (int k = from; k < to; k++) {
            order[k - from] = k;
        }
        Arrays.sort(order, (a, b) -> Long.compare(byUser.lastSeen()[b], byUser.lastSeen()[a]));
        List<String> out = new ArrayList<>(order.length);
        for (Integer k : order) {
            if (byUser.weights()[k] > 0) {
                out.add(training.itemId(byUser.indexes()[k]));
            }
        }
        return out;
    }
}
