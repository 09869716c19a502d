package org.shoptide.engine;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.shoptide.core.experiment.ExperimentStatus;
import org.shoptide.core.port.ExperimentStore;
import org.shoptide.core.port.ExperimentStore.ExperimentRecord;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.ConflictException;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.ExperimentResults;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.RuleSetInfo;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.experiment.ExperimentAnalysis;
import org.shoptide.engine.experiment.ExperimentParser;
import org.shoptide.engine.rules.Rule;
import org.shoptide.engine.rules.RuleParser;
import org.shoptide.engine.rules.RuleSet;

/** Use case: a shop's policies: business rules (versioned) and experiments (draft → running → stopped). */
final class PolicyService {
    private final ShopRegistry registry;
    private final PolicyLoader loader;
    private final EngineConfig config;
    private final Clock clock;

    PolicyService(ShopRegistry registry, PolicyLoader loader, EngineConfig config, Clock clock) {
        this.registry = registry;
        this.loader = loader;
        this.config = config;
        this.clock = clock;
    }

    /** The shop's runtime, when this engine has rule and experiment stores. */
    private ShopRuntime runtime(ShopId shop) {
        ShopRuntime rt = registry.runtime(shop);
        if (!loader.supported()) {
            throw new UnsupportedOperationException(
                    "this engine was built without rule and experiment stores; business rules and experiments are"
                            + " not available");
        }
        return rt;
    }

    private RuleStore rules() {
        return loader.ruleStore();
    }

    private ExperimentStore experiments() {
        return loader.experimentStore();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    RuleSetInfo replaceRules(ShopId shop, String rulesJson) {
        ShopRuntime rt = runtime(shop);
        if (rulesJson == null) {
            throw ValidationException.of("rules", "rules are required");
        }
        List<Rule> parsed = RuleParser.parse(rulesJson);
        Instant[] createdAt = new Instant[1];
        RuleSet set = rt.policies.replaceRules(() -> {
            var stored = rules().append(shop, RuleParser.canonical(parsed), clock.instant());
            createdAt[0] = stored.createdAt();
            return RuleSet.of(stored.version(), parsed);
        });
        return new RuleSetInfo(set.version(), createdAt[0], set.definition());
    }

    RuleSetInfo rules(ShopId shop) {
        runtime(shop);
        return rules().latest(shop).map(r -> new RuleSetInfo(r.version(), r.createdAt(), r.definition()))
                .orElse(new RuleSetInfo(0, null, "[]"));
    }

    Optional<RuleSetInfo> rules(ShopId shop, int version) {
        runtime(shop);
        return rules().get(shop, version).map(r -> new RuleSetInfo(r.version(), r.createdAt(), r.definition()));
    }

    Experiment createExperiment(ShopId shop, String definitionJson) {
        ShopRuntime rt = runtime(shop);
        if (definitionJson == null) {
            throw ValidationException.of("", "the experiment definition is required");
        }
        // random, never derived from the shop id (a key's first characters are the shop id)
        String id = "exp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Experiment e = ExperimentParser.parse(definitionJson, Recommender.sourceNames(config), id, now());
        rt.policies.add(new LiveExperiment(e, config, clock), () -> experiments().create(new ExperimentRecord(shop, id,
                e.name(), ExperimentStatus.DRAFT, ExperimentParser.canonical(e), e.createdAt(), null, null)));
        return e;
    }

    Experiment startExperiment(ShopId shop, String id) {
        ShopRuntime rt = runtime(shop);
        return rt.policies.change(id, e -> {
            if (e.status() != ExperimentStatus.DRAFT) {
                throw new ConflictException("experiment " + id + " is " + e.status().wireName()
                        + "; only a draft can be started (create a new experiment to run it again)");
            }
            LiveExperiment other = rt.policies.running(e.scenario());
            if (other != null) {
                throw new ConflictException("experiment " + other.spec().id() + " is already running on scenario "
                        + e.scenario().wireName() + "; stop it first");
            }
            return store(shop, e.withStatus(ExperimentStatus.RUNNING, now(), null));
        });
    }

    Experiment stopExperiment(ShopId shop, String id) {
        ShopRuntime rt = runtime(shop);
        return rt.policies.change(id, e -> {
            if (e.status() != ExperimentStatus.RUNNING) {
                throw new ConflictException("experiment " + id + " is " + e.status().wireName()
                        + "; only a running experiment can be stopped");
            }
            return store(shop, e.withStatus(ExperimentStatus.STOPPED, e.startedAt(), now()));
        });
    }

    private Experiment store(ShopId shop, Experiment e) {
        if (!experiments().update(new ExperimentRecord(shop, e.id(), e.name(), e.status(),
                ExperimentParser.canonical(e), e.createdAt(), e.startedAt(), e.stoppedAt()))) {
            throw new NotFoundException("experiment " + e.id() + " not found");
        }
        return e;
    }

    List<Experiment> experiments(ShopId shop) {
        ShopRuntime rt = runtime(shop);
        List<Experiment> out = new ArrayList<>();
        for (ExperimentRecord r : experiments().list(shop)) {
            LiveExperiment live = rt.policies.experiment(r.id());
            out.add(live != null ? live.spec() : loader.parse(r));
        }
        return out;
    }

    Optional<Experiment> experiment(ShopId shop, String id) {
        LiveExperiment live = runtime(shop).policies.experiment(id);
        return Optional.ofNullable(live == null ? null : live.spec());
    }

    ExperimentResults experimentResults(ShopId shop, String id) {
        LiveExperiment live = runtime(shop).policies.experiment(id);
        if (live == null) {
            throw new NotFoundException("experiment '" + id + "' does not exist in this shop");
        }
        return ExperimentAnalysis.analyse(live.spec(), live.counters.snapshot(), clock.instant());
    }
}
