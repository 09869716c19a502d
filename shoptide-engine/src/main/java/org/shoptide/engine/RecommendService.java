package org.shoptide.engine;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.core.port.UserStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.core.user.User;
import org.shoptide.engine.api.BudgetLimit;
import org.shoptide.engine.api.BusinessReport;
import org.shoptide.engine.api.ExperimentAssignment;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.ImpressionSet;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.engine.rerank.RerankContext;
import org.shoptide.engine.rerank.Reranker;
import org.shoptide.engine.rerank.RerankerProvider;
import org.shoptide.engine.rules.RuleSet;

/**
 * Use case: recommendations. Each request passes every stage once: <b>request</b> (validated, caller resolved to a
 * subject and its realtime state) → <b>policies</b> (the shop's rules and running experiment, re-read only when the
 * stores changed; the variant of the caller) → <b>candidate sources → blend → explain</b> ({@link Recommender}, with an
 * optional learning-to-rank re-ranker, ADR 0010) → <b>rules</b> (filters, pins, rotation, exploration:
 * {@link ResponseStage}) → <b>exposure log</b> ({@link ExposureLog}, skipped by a preview).
 */
final class RecommendService {
    private static final int MAX_N = 100;
    private static final int MAX_ITEM_IDS = 100;

    private final ShopRegistry registry;
    private final UserStore users;
    private final PolicyLoader policies;
    private final Recommender recommender;
    private final ExposureLog exposures;
    private final EngineConfig config;
    private final Clock clock;
    private final RandomGenerator random;
    /** Learning-to-rank re-rankers (ADR 0010); none unless the composition root sets a provider. */
    private volatile RerankerProvider rerankers = RerankerProvider.NONE;

    RecommendService(ShopRegistry registry, UserStore users, PolicyLoader policies, Recommender recommender,
            ExposureLog exposures, EngineConfig config, Clock clock, RandomGenerator random) {
        this.registry = registry;
        this.users = users;
        this.policies = policies;
        this.recommender = recommender;
        this.exposures = exposures;
        this.config = config;
        this.clock = clock;
        this.random = Objects.requireNonNull(random, "random");
    }

    void rerankers(RerankerProvider provider) {
        this.rerankers = Objects.requireNonNull(provider, "provider");
    }

    RerankerProvider rerankers() {
        return rerankers;
    }

    /** The answer; logged as an exposure when {@code expose}. */
    Recommendation answer(RecommendationRequest request, boolean expose) {
        ShopRuntime rt = registry.runtime(request.shop());
        int n = request.n() == 0 ? config.defaultN() : request.n();
        check(request, n);
        String subject = rt.aliases.subject(request.userId(), request.anonymousId());
        UserSnapshot snapshot = subject == null ? null : rt.realtime.user(subject).orElse(null);
        Scenario scenario = request.scenario();

        // policies, then the caller's variant (the unit is the user id, else the visitor id)
        ShopPolicies shopPolicies = policies.current(rt);
        String unit = request.userId() != null ? request.userId() : request.anonymousId();
        LiveExperiment experiment = unit == null ? null : shopPolicies.running(scenario);
        int variant = experiment == null ? -1 : experiment.assign(unit);
        Recommender rec = experiment == null ? recommender : experiment.recommender(variant);
        RuleSet variantRules = experiment == null ? null : experiment.rules(variant);
        RuleSet shopRules = shopPolicies.rules();
        RuleSet.ScenarioRules rules = (variantRules != null ? variantRules : shopRules).forScenario(scenario);
        int want = experiment != null && experiment.variant(variant).n() != null ? experiment.variant(variant).n() : n;
        double epsilon = experiment != null && experiment.spec().explorationRate() > 0
                ? experiment.spec().explorationRate()
                : rt.settings.current().explorationRate();

        // candidate sources, blend and explain; an active re-ranker re-orders a larger pool of the blend (ADR 0010)
        String model = experiment == null ? "blend" : experiment.variant(variant).model();
        Reranker reranker = "blend".equals(model) ? rerankers.active(rt.id, scenario).orElse(null) : null;
        BudgetLimit budget = request.filters().budget();
        if (budget != null && !budget.hard() && rules.withinBudget()) {
            request = request.withFilters(request.filters().withBudget(budget.withHard(true)));
        }
        int fetch = ResponseStage.fetch(rules, want, epsilon);
        Recommendation ranked = rec.recommend(rt, request, snapshot, subject,
                reranker == null ? fetch : Math.max(fetch, Reranking.pool(want)));
        if (reranker != null) {
            ranked = Reranking.apply(reranker,
                    new RerankContext(rt.id, scenario, snapshot, rt.realtime,
                            id -> rt.catalog.get(id) == null ? null : rt.catalog.get(id).item(), clock.millis()),
                    ranked);
        }

        // rules, pins and exploration after ranking
        Set<String> resting = rules.rotation() == null ? Set.of()
                : rt.exposures.resting(subject, rules.rotation(), clock.millis());
        long now = clock.millis();
        Map<String, String> user = rules.readsUser() && request.userId() != null
                ? users.get(rt.id, request.userId()).map(User::traits).orElse(Map.of())
                : Map.of();
        ResponseStage.Result result = ResponseStage.apply(rules, id -> rt.priceDrops.percent(id, now), ranked.items(),
                resting, pinnable(rt, request, snapshot), user, want, epsilon, random);
        ExperimentAssignment assignment = experiment == null ? null
                : new ExperimentAssignment(experiment.spec().id(), experiment.variant(variant).name(),
                        variantRules != null);
        Recommendation out = new Recommendation(ranked.recommendationId(), ranked.scenario(), ranked.modelVersion(),
                result.items(), shopRules.version(), assignment);

        // exposure: the answer is durably logged as an impression set before it is returned
        if (expose) {
            exposures.log(rt, request, subject, unit, out, model, result.explored(), epsilon);
        }
        return out;
    }

    /** The impression set of an answer, as served and then reported on screen. */
    Optional<ImpressionSet> impression(ShopId shop, String recommendationId) {
        ShopRuntime rt = registry.runtime(shop);
        return recommendationId == null ? Optional.empty() : rt.exposures.view(recommendationId);
    }

    BusinessReport business(ShopId shop, LocalDate from, LocalDate to) {
        if (from == null || to == null || from.isAfter(to)
                || ChronoUnit.DAYS.between(from, to) >= Experimentation.MAX_REPORT_DAYS) {
            throw ValidationException.of("from",
                    "give from <= to, at most " + Experimentation.MAX_REPORT_DAYS + " days apart");
        }
        return registry.runtime(shop).business.report(from, to);
    }

    private static void check(RecommendationRequest request, int n) {
        if (n < 1 || n > MAX_N) {
            throw ValidationException.of("n", "n must be 1 to " + MAX_N);
        }
        checkOptionalId("userId", request.userId());
        checkOptionalId("anonymousId", request.anonymousId());
        if (request.scenario() == Scenario.ITEM) {
            Validation.requireId("itemId", request.itemId());
        }
        if (request.itemIds().size() > MAX_ITEM_IDS) {
            throw ValidationException.of("itemIds", "at most " + MAX_ITEM_IDS + " item ids");
        }
        checkPriceRange(request.filters());
        checkOnlyItems(request.filters());
        checkBudget(request.filters().budget());
        if (request.surface() != null) {
            Validation.requireId("surface", request.surface());
        }
    }

    private static void checkBudget(BudgetLimit b) {
        if (b == null) {
            return;
        }
        if (!b.currency().matches("[A-Z]{3}")) {
            throw ValidationException.of("budget.currency", "an ISO 4217 code such as EUR");
        }
        boolean finite = (b.remaining() == null || Double.isFinite(b.remaining()))
                && b.remainingByCategory().values().stream().allMatch(Double::isFinite);
        if (!finite) {
            throw ValidationException.of("budget", "remaining amounts must be finite numbers");
        }
    }

    private static void checkOnlyItems(Filters f) {
        List<String> only = f.onlyItems();
        if (only == null) {
            return;
        }
        if (only.isEmpty() || only.size() > Filters.MAX_ONLY_ITEMS) {
            throw ValidationException.of("onlyItems", "give 1 to " + Filters.MAX_ONLY_ITEMS + " item ids");
        }
        for (String id : only) {
            Validation.requireId("onlyItems", id);
        }
    }

    /** The catalog item of a pinned id when this request may show it (not the seed, the cart, bought or disliked). */
    private static Function<String, Item> pinnable(ShopRuntime rt, RecommendationRequest req, UserSnapshot user) {
        return id -> {
            if (id.equals(req.itemId()) || req.itemIds().contains(id) || (user != null
                    && ((req.excludePurchased() && user.purchased().contains(id)) || user.disliked().contains(id)))) {
                return null;
            }
            CatalogIndex.Entry e = rt.catalog.get(id);
            List<String> only = req.filters().onlyItems();
            return e == null || !CatalogFilter.passes(e, req.filters()) || (only != null && !only.contains(id)) ? null
                    : e.item();
        };
    }

    /** A price filter must be a finite, non-negative range with min <= max (an empty range is a client bug). */
    private static void checkPriceRange(Filters f) {
        List<Violation> v = new ArrayList<>();
        for (var bound : List.of(Map.entry("minPrice", Optional.ofNullable(f.minPrice())),
                Map.entry("maxPrice", Optional.ofNullable(f.maxPrice())))) {
            bound.getValue().filter(p -> !Double.isFinite(p) || p < 0).ifPresent(
                    p -> v.add(new Violation(-1, bound.getKey(), bound.getKey() + " must be a finite number >= 0")));
        }
        if (v.isEmpty() && f.minPrice() != null && f.maxPrice() != null && f.minPrice() > f.maxPrice()) {
            v.add(new Violation(-1, "minPrice",
                    "minPrice (" + f.minPrice() + ") must not exceed maxPrice (" + f.maxPrice() + ")"));
        }
        if (!v.isEmpty()) {
            throw new ValidationException("invalid price filter", v);
        }
    }

    private static void checkOptionalId(String field, String value) {
        if (value != null) {
            Validation.requireId(field, value);
        }
    }
}
