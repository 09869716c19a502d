package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.ExposureAndAttributionTest.click;
import static org.shoptide.engine.ExposureAndAttributionTest.purchase;
import static org.shoptide.engine.ExposureAndAttributionTest.recommend;
import static org.shoptide.engine.ExposureAndAttributionTest.shop;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shoptide.core.experiment.ExperimentStatus;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.ConflictException;
import org.shoptide.engine.api.Experiment;
import org.shoptide.engine.api.ExperimentResults;
import org.shoptide.engine.api.ExperimentResults.VariantResults;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.ShopUpdate;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;

class ExperimentsTest {
    static final String POPULAR_VS_PINNED = """
            {"name":"pin test","unit":"user","scenario":"user",
             "variants":[{"name":"control","weight":50,"model":"blend","rules":null,"params":{}},
                         {"name":"pinned","weight":50,"model":"popular",
                          "rules":[{"type":"pin","itemId":"i11","position":1}],"params":{"n":3}}],
             "guardrails":["ctr","conversion"],"explorationRate":0.0}""";

    @Test
    void definitionsAreValidatedWithPreciseFields() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            assertThatThrownBy(() -> engine.createExperiment(SHOP,
                    """
                            {"name":"","unit":"session","scenario":"home","colour":1,
                             "variants":[{"name":"a","weight":0,"model":"magic"},
                                         {"name":"a","rules":[{"type":"cap","field":"brand"}],"params":{"weights":{"nope":1},"n":500}}],
                             "guardrails":["happiness"],"explorationRate":0.9}"""))
                            .isInstanceOfSatisfying(ValidationException.class,
                                    e -> assertThat(e.violations()).extracting(Violation::field).contains("name",
                                            "unit", "scenario", "colour", "variants[0].weight", "variants[0].model",
                                            "variants[1].name", "variants[1].rules[0].max",
                                            "variants[1].params.weights.nope", "variants[1].params.n", "guardrails[0]",
                                            "explorationRate"));
            assertThatThrownBy(() -> engine.createExperiment(SHOP,
                    "{\"name\":\"x\",\"scenario\":\"user\",\"variants\":[{\"name\":\"only\"}]}"))
                            .isInstanceOf(ValidationException.class).hasMessageContaining("invalid");
            assertThat(engine.experiments(SHOP)).isEmpty();
        }
    }

    @Test
    void lifeCycleDraftRunningStoppedWithConflicts() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Experiment e = engine.createExperiment(SHOP, POPULAR_VS_PINNED);
            assertThat(e.id()).matches("exp_[a-z0-9]{12}");
            assertThat(e.status()).isEqualTo(ExperimentStatus.DRAFT);
            assertThat(e.control().name()).isEqualTo("control");
            assertThat(recommend(engine, "u1", 3).experiment()).as("a draft serves nobody").isNull();

            Experiment started = engine.startExperiment(SHOP, e.id());
            assertThat(started.status()).isEqualTo(ExperimentStatus.RUNNING);
            assertThat(started.startedAt()).isEqualTo(f.clock.instant());
            assertThatThrownBy(() -> engine.startExperiment(SHOP, e.id())).isInstanceOf(ConflictException.class);
            f.clock.advance(java.time.Duration.ofSeconds(1)); // listed by creation time
            Experiment other = engine.createExperiment(SHOP, POPULAR_VS_PINNED);
            assertThatThrownBy(() -> engine.startExperiment(SHOP, other.id())).isInstanceOf(ConflictException.class)
                    .hasMessageContaining(e.id());
            assertThat(engine.stopExperiment(SHOP, e.id()).status()).isEqualTo(ExperimentStatus.STOPPED);
            assertThatThrownBy(() -> engine.stopExperiment(SHOP, e.id())).isInstanceOf(ConflictException.class);
            assertThatThrownBy(() -> engine.startExperiment(SHOP, "exp_missing")).isInstanceOf(NotFoundException.class);
            engine.createShop(ShopId.of("other-shop"), "Other");
            assertThatThrownBy(() -> engine.startExperiment(ShopId.of("other-shop"), other.id()))
                    .as("experiments are per shop").isInstanceOf(NotFoundException.class);
            assertThat(engine.experiments(SHOP)).extracting(Experiment::status)
                    .containsExactly(ExperimentStatus.STOPPED, ExperimentStatus.DRAFT);
            assertThat(recommend(engine, "u1", 3).experiment()).isNull();
        }
    }

    @Test
    void unitsKeepTheirVariantAndVariantsServeTheirModelRulesAndN() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Experiment e = engine.createExperiment(SHOP, POPULAR_VS_PINNED);
            engine.startExperiment(SHOP, e.id());
            Map<String, Integer> perVariant = new HashMap<>();
            for (int u = 0; u < 200; u++) {
                Recommendation r = recommend(engine, "user-" + u, 5);
                String variant = r.experiment().variant();
                assertThat(recommend(engine, "user-" + u, 5).experiment().variant()).isEqualTo(variant);
                perVariant.merge(variant, 1, Integer::sum);
                if (variant.equals("pinned")) {
                    assertThat(r.items()).hasSize(3);
                    assertThat(r.items().get(0).itemId()).isEqualTo("i11");
                    assertThat(r.experiment().variantRules()).isTrue();
                } else {
                    assertThat(r.items()).hasSize(5);
                    assertThat(r.experiment().variantRules()).isFalse();
                }
            }
            assertThat(perVariant.get("control")).isBetween(70, 130);
            // a request without any id is not in the experiment
            assertThat(engine
                    .recommend(new org.shoptide.engine.api.RecommendationRequest(SHOP,
                            org.shoptide.engine.api.Scenario.USER, null, null, null, null, 3, null, true, null))
                    .experiment()).isNull();
        }
    }

    @Test
    void resultsCountVisitorsImpressionsClicksOrdersAndRevenueAndSurviveARestart() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            Experiment e = engine.createExperiment(SHOP, POPULAR_VS_PINNED);
            engine.startExperiment(SHOP, e.id());
            Map<String, Recommendation> last = new HashMap<>();
            for (int u = 0; u < 40; u++) {
                recommend(engine, "v" + u, 3);
                last.put("v" + u, recommend(engine, "v" + u, 3));
            }
            // every visitor clicks the first item twice; every fourth buys it (qty 2 at 10) via the recommendation,
            // and also buys something never shown for 5
            for (int u = 0; u < 40; u++) {
                Recommendation r = last.get("v" + u);
                String first = r.items().get(0).itemId();
                engine.ingest(SHOP, List.of(click(f, "v" + u, first, r.recommendationId()),
                        click(f, "v" + u, first, r.recommendationId())));
                if (u % 4 == 0) {
                    engine.ingest(SHOP, List.of(purchase(f, "v" + u, r.recommendationId(), first, 10, 2),
                            purchase(f, "v" + u, null, "unshown", 5, 1)));
                }
            }
            // a purchase by someone never exposed does not count
            engine.ingest(SHOP, List.of(purchase(f, "stranger", null, "i1", 99, 1)));
            ExperimentResults res = engine.experimentResults(SHOP, e.id());
            assertThat(res.control()).isEqualTo("control");
            long visitors = 0;
            long buyers = 0;
            for (VariantResults v : res.variants()) {
                visitors += v.visitors();
                assertThat(v.impressions()).isEqualTo(2 * v.visitors());
                assertThat(v.clicks()).isEqualTo(2 * v.visitors());
                assertThat(v.clickedImpressions()).isEqualTo(v.visitors());
                assertThat(v.ctr().value()).isCloseTo(0.5, within(1e-12));
                assertThat(v.orders()).isEqualTo(2 * v.conversions());
                assertThat(v.revenue()).isCloseTo(25.0 * v.conversions(), within(1e-9));
                assertThat(v.attributedRevenue()).isCloseTo(20.0 * v.conversions(), within(1e-9));
                assertThat(v.aov().value()).isCloseTo(12.5, within(1e-9));
                assertThat(v.revenuePerVisitor().value()).isCloseTo(25.0 * v.conversions() / v.visitors(),
                        within(1e-9));
                buyers += v.conversions();
            }
            assertThat(visitors).isEqualTo(40);
            assertThat(buyers).isEqualTo(10);
            assertThat(res.variants().get(1).vsControl()).containsKeys("ctr", "conversionRate", "aov",
                    "revenuePerVisitor", "attributedRevenuePerVisitor");
            assertThat(res.variants().get(0).vsControl()).isEmpty();
            assertThat(res.srm().pValue()).isGreaterThan(0.001);
            assertThat(res.guardrails()).extracting(ExperimentResults.Guardrail::metric).containsExactly("ctr",
                    "conversion");

            engine.close();
            ExperimentResults rebuilt = f.engine().experimentResults(SHOP, e.id());
            assertThat(rebuilt.variants()).usingRecursiveComparison().isEqualTo(res.variants());
        }
    }

    @Test
    void explorationLogsExactPropensities() {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine engine = shop(f);
            engine.updateShop(SHOP, new ShopUpdate(null, null, null, null, 0.5));
            engine.replaceRules(SHOP, "[{\"type\":\"pin\",\"itemId\":\"i11\",\"position\":2}]");
            int explored = 0;
            for (int i = 0; i < 200; i++) {
                Recommendation r = recommend(engine, "u" + i, 3);
                assertThat(r.items()).hasSize(3);
                RecommendedItem pinned = r.items().get(1);
                assertThat(pinned.itemId()).isEqualTo("i11");
                assertThat(pinned.propensity()).isEqualTo(1.0);
                // two free positions, pool of the top 6: greedy items 0.5 + 0.5 / 6, others 0.5 / 6
                for (RecommendedItem ri : List.of(r.items().get(0), r.items().get(2))) {
                    assertThat(ri.propensity()).isIn(0.5 + 0.5 / 6, 0.5 / 6);
                }
                boolean greedy = r.items().get(0).itemId().equals("i0") && r.items().get(2).itemId().equals("i1");
                if (!greedy) {
                    explored++;
                }
            }
            // exploratory draws that happen to equal the greedy list are rare (1/30)
            assertThat(explored).isBetween(75, 125);
        }
    }
}
