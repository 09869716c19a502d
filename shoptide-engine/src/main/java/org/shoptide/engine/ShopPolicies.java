package org.shoptide.engine;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.shoptide.core.port.ExperimentStore.ExperimentRecord;
import org.shoptide.core.port.RuleStore.RuleSetRecord;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.rules.RuleParser;
import org.shoptide.engine.rules.RuleSet;

/**
 * A shop's business rules and experiments as served, with the lock that orders their changes. Reads are lock-free; a
 * change (a new rule set, an experiment created or moved to another status) runs its store write under the lock, so the
 * store and this copy change together. Rules are parsed once per version, experiments once per id.
 */
final class ShopPolicies {
    private final Object lock = new Object();
    /** The shop's current rules ({@link RuleSet#EMPTY} when none). */
    private volatile RuleSet rules = RuleSet.EMPTY;
    /** Experiments by id. */
    private final Map<String, LiveExperiment> experiments = new ConcurrentSkipListMap<>();
    /** When rules and experiments were last compared with their stores (clock millis). */
    private volatile long checkedAtMillis;

    RuleSet rules() {
        return rules;
    }

    /** The running experiment of a scenario, or null. */
    LiveExperiment running(Scenario scenario) {
        for (LiveExperiment e : experiments.values()) {
            if (e.running() && e.spec().scenario() == scenario) {
                return e;
            }
        }
        return null;
    }

    /** The experiment of that id, or null. */
    LiveExperiment experiment(String id) {
        return id == null ? null : experiments.get(id);
    }

    Collection<LiveExperiment> experiments() {
        return experiments.values();
    }

    /** True when the copy was compared with the stores more than {@code ttlMillis} ago. */
    boolean stale(long nowMillis, long ttlMillis) {
        return nowMillis - checkedAtMillis > ttlMillis;
    }

    /**
     * Brings the copy in step with what the stores hold (read by the suppliers): the latest rule set (parsed only when
     * its version is new), new experiments (opened by {@code open}) and changed experiment states.
     */
    void sync(Supplier<Optional<RuleSetRecord>> latestRules, Supplier<List<ExperimentRecord>> records,
            Function<ExperimentRecord, LiveExperiment> open, long nowMillis) {
        synchronized (lock) { // read under the lock, so a change made on this node meanwhile is not undone
            latestRules.get().filter(r -> r.version() != rules.version())
                    .ifPresent(r -> rules = RuleSet.of(r.version(), RuleParser.parse(r.definition())));
            for (ExperimentRecord r : records.get()) {
                LiveExperiment live = experiments.get(r.id());
                if (live == null) {
                    experiments.put(r.id(), open.apply(r));
                } else if (live.spec().status() != r.status()) {
                    live.update(live.spec().withStatus(r.status(), r.startedAt(), r.stoppedAt()));
                }
            }
            checkedAtMillis = nowMillis;
        }
    }

    /** Stores a new rule set ({@code store} returns it as stored) and serves it. */
    RuleSet replaceRules(Supplier<RuleSet> store) {
        synchronized (lock) {
            RuleSet set = store.get();
            rules = set;
            return set;
        }
    }

    /** Stores a new experiment ({@code store}) and serves it. */
    void add(LiveExperiment live, Runnable store) {
        synchronized (lock) {
            store.run();
            experiments.put(live.spec().id(), live);
        }
    }

    /**
     * Moves an experiment to the state {@code change} returns (it checks the move and stores it, or throws); changes of
     * one shop's experiments are serialised, so two starts on one scenario cannot both pass the check.
     */
    Experiment change(String id, UnaryOperator<Experiment> change) {
        synchronized (lock) {
            LiveExperiment live = experiment(id);
            if (live == null) {
                throw new NotFoundException("experiment '" + id + "' does not exist in this shop");
            }
            Experiment changed = change.apply(live.spec());
            live.update(changed);
            return changed;
        }
    }
}
