package org.shoptide.engine;

import java.time.Clock;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.ExperimentStore.ExperimentRecord;
import org.shoptide.core.port.RuleStore;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.experiment.ExperimentParser;

/**
 * Keeps each shop's {@link ShopPolicies} in step with the rule and experiment stores: loaded when a shop opens, then
 * compared with the stores at most every {@link #TTL_MILLIS} (changes made by another node sharing the stores show
 * within it; this node's own changes show at once). A request costs a clock read unless the TTL ran out; rules are
 * parsed when their version changes, experiments when they first appear.
 */
final class PolicyLoader {
    /** How long a node trusts its copy of rules and experiment states before comparing it with the stores. */
    static final long TTL_MILLIS = 5_000;

    private final RuleStore rules;
    private final ExperimentStore experiments;
    private final EngineConfig config;
    private final Clock clock;

    /** Stores may both be null: the engine then has no rules and experiments. */
    PolicyLoader(RuleStore rules, ExperimentStore experiments, EngineConfig config, Clock clock) {
        this.rules = rules;
        this.experiments = experiments;
        this.config = config;
        this.clock = clock;
    }

    boolean supported() {
        return rules != null && experiments != null;
    }

    RuleStore ruleStore() {
        return rules;
    }

    ExperimentStore experimentStore() {
        return experiments;
    }

    /** Reads the shop's rules and experiments now. */
    void load(ShopRuntime rt) {
        if (!supported()) {
            return;
        }
        rt.policies.sync(() -> rules.latest(rt.id), () -> experiments.list(rt.id), this::open, clock.millis());
    }

    /** The shop's policies, re-read first when the TTL ran out. */
    ShopPolicies current(ShopRuntime rt) {
        if (supported() && rt.policies.stale(clock.millis(), TTL_MILLIS)) {
            load(rt);
        }
        return rt.policies;
    }

    LiveExperiment open(ExperimentRecord r) {
        return new LiveExperiment(parse(r), config, clock);
    }

    /** An experiment as stored. */
    Experiment parse(ExperimentRecord r) {
        Experiment parsed = ExperimentParser.parse(r.definition(), Recommender.sourceNames(config), r.id(),
                r.createdAt());
        return parsed.withStatus(r.status(), r.startedAt(), r.stoppedAt());
    }
}
