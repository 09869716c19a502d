package org.shoptide.engine.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.shoptide.core.shop.ShopId;

/**
 * Business rules, A/B experiments and exposure of a shop, changed at runtime without a restart. Implemented by the
 * engine next to {@link Engine}. Invalid input throws {@link ValidationException} and stores nothing; unknown shops or
 * experiments throw {@link NotFoundException}; a life-cycle step that does not fit the experiment's state throws
 * {@link ConflictException}.
 */
public interface Experimentation {

    /**
     * Validates a JSON array of rules (or {@code {"rules": [...]}}) and stores it atomically as the shop's next
     * version; answers use it from then on.
     */
    RuleSetInfo replaceRules(ShopId shop, String rulesJson);

    /** The shop's current rules; version 0 and an empty array when it has none. */
    RuleSetInfo rules(ShopId shop);

    /** One stored version. */
    Optional<RuleSetInfo> rules(ShopId shop, int version);

    /**
     * Validates and stores a new experiment as a draft. The definition is JSON: {@code name}, {@code unit} ("user"),
     * {@code scenario}, {@code variants} (2 to 10 of {@code name, weight, model, rules, params}), optional
     * {@code guardrails} and {@code explorationRate}.
     */
    Experiment createExperiment(ShopId shop, String definitionJson);

    /** Starts a draft; at most one experiment runs per scenario. */
    Experiment startExperiment(ShopId shop, String id);

    /** Stops a running experiment; its results stay readable. */
    Experiment stopExperiment(ShopId shop, String id);

    /** The shop's experiments, oldest first. */
    List<Experiment> experiments(ShopId shop);

    Optional<Experiment> experiment(ShopId shop, String id);

    ExperimentResults experimentResults(ShopId shop, String id);

    /**
     * The impression set of a recommendation (as served, or as the client reported it on screen) with the outcomes
     * attributed to each item; empty when the id is unknown or no longer held in memory.
     */
    Optional<ImpressionSet> impression(ShopId shop, String recommendationId);

    /**
     * The shop's business figures per UTC day from {@code from} to {@code to} inclusive (at most
     * {@link #MAX_REPORT_DAYS} days): conversion, orders, revenue and the shares attributed to recommendations and to
     * the assistant.
     */
    BusinessReport business(ShopId shop, LocalDate from, LocalDate to);

    int MAX_REPORT_DAYS = 400;
}
