package org.shoptide.engine;

import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.experiment.ExperimentStatus;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.experiment.Bucketing;
import org.shoptide.engine.experiment.ExperimentCounters;
import org.shoptide.engine.rules.RuleParser;
import org.shoptide.engine.rules.RuleSet;

/**
 * An experiment as the engine serves it: its definition (status and times change), one recommender per variant (the
 * variant's model and blend weights), the variants' own rule sets, and the counters its results are computed from.
 */
final class LiveExperiment {
    private volatile Experiment spec;
    private final Recommender[] recommenders;
    private final RuleSet[] rules;
    private final double[] weights;
    private final Map<String, Integer> index = new HashMap<>();
    final ExperimentCounters counters;

    LiveExperiment(Experiment spec, EngineConfig config, Clock clock) {
        this.spec = spec;
        List<Experiment.Variant> vs = spec.variants();
        recommenders = new Recommender[vs.size()];
        rules = new RuleSet[vs.size()];
        weights = new double[vs.size()];
        for (int i = 0; i < vs.size(); i++) {
            Experiment.Variant v = vs.get(i);
            index.put(v.name(), i);
            weights[i] = v.weight();
            EngineConfig variantConfig = config;
            for (Map.Entry<Scenario, Map<String, Double>> w : blendWeights(config, spec.scenario(), v).entrySet()) {
                variantConfig = variantConfig.withBlendWeights(w.getKey(), w.getValue());
            }
            // a plain "blend" variant serves what the shop serves (its tuned blend); explicit weights or a single model
            // win
            boolean tuned = config.autoBlend() && v.model().equals("blend") && v.weights().isEmpty();
            recommenders[i] = new Recommender(variantConfig, clock, tuned);
            rules[i] = v.rules() == null ? null : RuleSet.of(0, RuleParser.parse(v.rules()));
        }
        counters = new ExperimentCounters(vs.size());
    }

    /**
     * The variant's blend weights: the server's for {@code blend}, else the model's source alone (also for visitors
     * without history, who the user scenario serves from the trending weights); then {@code params.weights} on top.
     * Only the scenarios whose weights change are returned.
     */
    static Map<Scenario, Map<String, Double>> blendWeights(EngineConfig config, Scenario scenario,
            Experiment.Variant v) {
        Map<Scenario, Map<String, Double>> all = new EnumMap<>(Scenario.class);
        boolean blend = v.model().equals("blend");
        Map<String, Double> w = new HashMap<>(
                blend ? config.blendWeights().getOrDefault(scenario, Map.of()) : Map.of(v.model(), 1.0));
        w.putAll(v.weights());
        all.put(scenario, w);
        if (!blend && scenario == Scenario.USER) {
            all.put(Scenario.TRENDING, Map.of(v.model(), 1.0));
        }
        return all;
    }

    Experiment spec() {
        return spec;
    }

    void update(Experiment changed) {
        spec = changed;
    }

    boolean running() {
        return spec.status() == ExperimentStatus.RUNNING;
    }

    /** The variant of a unit: deterministic in (experiment id, unit id). */
    int assign(String unit) {
        return Bucketing.variant(Bucketing.position(spec.id(), unit), weights);
    }

    /** The variant index of a name, or -1. */
    int variantIndex(String name) {
        Integer i = name == null ? null : index.get(name);
        return i == null ? -1 : i;
    }

    Experiment.Variant variant(int i) {
        return spec.variants().get(i);
    }

    Recommender recommender(int variant) {
        return recommenders[variant];
    }

    /** The variant's own rule set, or null when it uses the shop's. */
    RuleSet rules(int variant) {
        return rules[variant];
    }

    /** Whether an outcome at {@code millis} falls inside the experiment's run. */
    boolean covers(long millis) {
        Experiment e = spec;
        return e.startedAt() != null && millis >= e.startedAt().toEpochMilli()
                && (e.stoppedAt() == null || millis <= e.stoppedAt().toEpochMilli());
    }
}
