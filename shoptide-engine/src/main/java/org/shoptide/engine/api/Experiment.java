package org.shoptide.engine.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.shoptide.core.experiment.ExperimentStatus;

/**
 * An A/B experiment over one recommendation scenario. Units (the request's userId, else its anonymousId) are assigned
 * to variants by a deterministic hash of (experiment id, unit id), so a unit keeps its variant across sessions and
 * assignments of different experiments are independent. The first variant is the control.
 *
 * @param unit
 *            always {@code user}: the user id when the request has one, else the anonymous visitor id
 * @param guardrails
 *            metrics that must not get significantly worse in any variant: {@code ctr}, {@code conversion},
 *            {@code aov}, {@code revenuePerVisitor}, {@code attributedRevenuePerVisitor}
 * @param explorationRate
 *            exploration for the experiment's traffic (0 = the shop's setting)
 */
public record Experiment(String id, String name, ExperimentStatus status, Scenario scenario, String unit,
        List<Variant> variants, List<String> guardrails, double explorationRate, Instant createdAt, Instant startedAt,
        Instant stoppedAt) {

    public Experiment {
        variants = List.copyOf(variants);
        guardrails = List.copyOf(guardrails);
    }

    /**
     * One arm of the experiment.
     *
     * @param weight
     *            share of traffic, relative to the other variants' weights
     * @param model
     *            {@code blend} (the server's pipeline), {@code popular}, {@code trending}, or one source of the blend
     *            ({@code als}, {@code cooccurrence}, ...) alone
     * @param rules
     *            canonical JSON array of the variant's own rule set, which replaces the shop's rules for its traffic;
     *            null to use the shop's rules
     * @param weights
     *            blend weights overriding the model's for the experiment's scenario (empty: none)
     * @param n
     *            number of items to serve instead of the request's n, or null
     */
    public record Variant(String name, double weight, String model, String rules, Map<String, Double> weights,
            Integer n) {
        public Variant {
            weights = weights == null ? Map.of() : Map.copyOf(weights);
        }
    }

    public Variant control() {
        return variants.get(0);
    }

    public Experiment withStatus(ExperimentStatus newStatus, Instant started, Instant stopped) {
        return new Experiment(id, name, newStatus, scenario, unit, variants, guardrails, explorationRate, createdAt,
                started, stopped);
    }
}
