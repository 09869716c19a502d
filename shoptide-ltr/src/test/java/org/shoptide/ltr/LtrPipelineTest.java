package org.shoptide.ltr;

import org.shoptide.core.port.RealtimeState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventContext;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.rerank.RerankCandidate;
import org.shoptide.engine.rerank.RerankContext;

/**
 * A log where the order shown carries no information (random lists) but users click and buy in the categories they
 * browse, under a position bias: the re-ranker must learn the affinity and beat the logged order on later impressions.
 */
class LtrPipelineTest {
    static final ShopId SHOP = new ShopId("s");
    static final int ITEMS = 200;
    static final int CATEGORIES = 10;

    @TempDir
    Path dir;

    final Map<String, Item> catalog = new HashMap<>();

    List<Event> log(long seed, int impressions) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < ITEMS; i++) {
            catalog.put("i" + i, new Item("i" + i, "Item " + i, null, 5.0 + i % 17, "EUR", "b" + (i % 7),
                    List.of("Dept" + (i % CATEGORIES) % 3, "Cat" + i % CATEGORIES), null, null, true, null, null));
        }
        List<Event> events = new ArrayList<>();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int n = 0; n < impressions; n++) {
            String user = "u" + rnd.nextInt(300);
            int fav = Integer.parseInt(user.substring(1)) % CATEGORIES;
            for (int v = 0; v < 3; v++) {
                int item = fav + CATEGORIES * rnd.nextInt(ITEMS / CATEGORIES);
                events.add(new Event(null, EventType.VIEW, null, user, null, null, t, "i" + item, null, null, null,
                        null, null, null, null));
                t = t.plusSeconds(10);
            }
            String rec = "r" + n;
            List<ShownItem> shown = new ArrayList<>();
            for (int k = 1; k <= 10; k++) {
                shown.add(new ShownItem("i" + rnd.nextInt(ITEMS), k));
            }
            // the server's exposure with its blend details, then (for half of them) the client's on-screen report
            StringBuilder scores = new StringBuilder();
            StringBuilder sources = new StringBuilder();
            StringBuilder propensities = new StringBuilder();
            StringBuilder sourceScores = new StringBuilder();
            for (int k = 0; k < shown.size(); k++) {
                String sep = k == 0 ? "" : ",";
                scores.append(sep).append(1.0 - k * 0.05);
                sources.append(sep).append(k % 2 == 0 ? "als" : "popular");
                propensities.append(sep).append(0.9);
                sourceScores.append(k == 0 ? "" : ";").append(1.0 - k * 0.1).append(",,0.5");
            }
            events.add(new Event(null, EventType.IMPRESSION, null, user, null, null, t, null, null, null, null, null,
                    shown, new EventContext(null, "user", rec),
                    Map.of("source", "server", "model", "blend", "explored", "true", "scores", scores.toString(),
                            "sources", sources.toString(), "propensities", propensities.toString(), "sourceScores",
                            sourceScores.toString(), "sourceNames", "als,cooccurrence,popular")));
            if (n % 2 == 0) {
                events.add(new Event(null, EventType.IMPRESSION, null, user, null, null, t, null, null, null, null,
                        null, shown, new EventContext(null, "user", rec), null));
            }
            for (ShownItem s : shown) {
                boolean liked = Integer.parseInt(s.itemId().substring(1)) % CATEGORIES == fav;
                double examine = 1 / (Math.log(1 + s.position()) / Math.log(2));
                if (rnd.nextDouble() < examine * (liked ? 0.6 : 0.05)) {
                    t = t.plusSeconds(5);
                    EventContext ctx = new EventContext(null, "user", rec);
                    events.add(new Event(null, EventType.CLICK, null, user, null, null, t, s.itemId(), null, null, null,
                            null, null, ctx, null));
                    if (liked && rnd.nextDouble() < 0.3) {
                        double price = catalog.get(s.itemId()).price();
                        events.add(new Event(null, EventType.PURCHASE, null, user, null, null, t, null, null, null,
                                "o" + n + s.itemId(), List.of(new LineItem(s.itemId(), price, 1, "EUR")), null, ctx,
                                null));
                    }
                }
            }
            t = t.plusSeconds(60);
        }
        return events;
    }

    @Test
    void learnsTheHiddenAffinityAndBeatsAnUninformativeOrderOnLaterImpressions() throws Exception {
        ImpressionLog log = new ImpressionLog(InMemoryRealtimeState.FACTORY, SHOP, catalog::get, Scenario.USER);
        log(7, 3000).forEach(log::accept);
        List<ImpressionLog.Group> groups = log.groups();
        assertThat(groups).hasSize(3000);
        assertThat(groups.get(0).rows()).hasSize(10);
        ImpressionLog.Row first = groups.get(0).rows().get(0);
        assertThat(first.position()).isEqualTo(1);
        assertThat(first.propensity()).isEqualTo(0.9);
        assertThat(first.features()[LtrFeatures.NAMES.indexOf("blend_score")]).isEqualTo(1f);
        assertThat(first.features()[LtrFeatures.NAMES.indexOf("top_als")]).isEqualTo(1f);
        assertThat(first.features()[LtrFeatures.NAMES.indexOf("src_als")]).isEqualTo(1f);
        assertThat(first.features()[LtrFeatures.NAMES.indexOf("src_popular")]).isEqualTo(0.5f);
        assertThat(first.features()[LtrFeatures.NAMES.indexOf("src_session")]).isZero();
        assertThat(groups.get(0).rows().get(3).features()[LtrFeatures.NAMES.indexOf("src_als")]).isEqualTo(0.7f);
        assertThat(groups.get(0).rows().get(1).features()[LtrFeatures.NAMES.indexOf("blend_rank")]).isEqualTo(2f);
        assertThat(groups.get(0).model()).isEqualTo("blend");
        assertThat(groups.stream().filter(ImpressionLog.Group::hasPositive).count()).isGreaterThan(1000);

        // the lists were random: click-through by position recovers the examination curve 1 / log2(1 + k)
        PositionBias bias = PositionBias.estimate(groups, 10);
        assertThat(bias.exploredImpressions()).isEqualTo(3000);
        assertThat(bias.theta(1)).isEqualTo(1.0);
        assertThat(bias.theta(3)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.1));
        assertThat(bias.theta(10)).isCloseTo(1 / (Math.log(11) / Math.log(2)),
                org.assertj.core.data.Offset.offset(0.1));

        Instant cut = LtrTrainer.cutAt(groups, 0.7);
        LtrTrainer.Result r = LtrTrainer.trainAndCompare(groups, cut, new LtrModel.Params(60, 0.1, 15, 20, 3));
        LtrComparison c = r.comparison();
        assertThat(c.testGroups()).isGreaterThan(LtrComparison.MIN_TEST_GROUPS);
        assertThat(c.ndcgReranker()).as(c.toString()).isGreaterThan(c.ndcgBlend() + 0.1);
        assertThat(c.ndcgDiff()[1]).isGreaterThan(0);
        assertThat(c.wins()).isTrue();
        int affinity = LtrFeatures.NAMES.indexOf("category_affinity");
        double[] importance = r.model().importance();
        assertThat(importance[affinity]).as("category affinity drives the model").isGreaterThan(0);

        // stored and served: the artifact round-trips and the provider activates the winner
        RerankerArtifact a = new RerankerArtifact(Scenario.USER, Instant.parse("2026-02-01T00:00:00Z"),
                LtrFeatures.NAMES, c, r.model().text());
        assertThat(RerankerArtifact.parse(a.write())).isEqualTo(a);
        try (DirectoryRerankers provider = new DirectoryRerankers(dir)) {
            assertThat(provider.active(SHOP, Scenario.USER)).isEmpty();
            a.writeTo(provider.file(SHOP, Scenario.USER));
            Thread.sleep(DirectoryRerankers.RECHECK_NANOS / 1_000_000 + 50);
            var reranker = provider.active(SHOP, Scenario.USER).orElseThrow();
            assertThat(provider.active(SHOP, Scenario.ITEM)).isEmpty();

            // online: a user who browsed category 3 gets category-3 items first
            InMemoryRealtimeState rt = new InMemoryRealtimeState(
                    new RealtimeState.Limits(50, 10, 1_800_000, 500, 100, 500, 32, 43_200_000, 1_209_600_000),
                    id -> catalog.get(id).categoryPath());
            for (int v = 0; v < 3; v++) {
                rt.interact("u3", "i" + (3 + 10 * v), RealtimeState.Interaction.ENGAGE, 1, null, 1000);
            }
            RerankContext ctx = new RerankContext(SHOP, Scenario.USER, rt.user("u3").orElseThrow(), rt, catalog::get,
                    2000);
            List<RerankCandidate> candidates = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                candidates
                        .add(new RerankCandidate("i" + (100 + k), 10 - k, k + 1, "als", Map.of("als", 1.0 - k / 10.0)));
            }
            double[] s = reranker.score(ctx, candidates);
            int best = RankingMetrics.orderBy(s)[0];
            assertThat(candidates.get(best).itemId()).isEqualTo("i103");

            // a loser is stored but not served
            RerankerArtifact loser = new RerankerArtifact(Scenario.USER, a.createdAt(), a.features(),
                    new LtrComparison(cut, 1, 10, 3, 0, 0, new double[] { 1, 1 }, 0.5, 0.4,
                            new double[] { -0.1, -0.2, 0 }, 0, 0, new double[] { 0, 0, 0 }, false),
                    a.model());
            loser.writeTo(provider.file(SHOP, Scenario.USER));
            Files.setLastModifiedTime(provider.file(SHOP, Scenario.USER),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
            Thread.sleep(DirectoryRerankers.RECHECK_NANOS / 1_000_000 + 50);
            assertThat(provider.active(SHOP, Scenario.USER)).isEmpty();
            assertThat(provider.status(SHOP, Scenario.USER).reason()).contains("did not beat the blend");
        }
        r.model().close();
    }

    @Test
    void artifactsOfAnotherFormatOrFeatureListAreRefusedWithAReason() {
        assertThatThrownBy(() -> RerankerArtifact.parse("shoptide-reranker 9\nscenario=user\n--- lightgbm model ---\n"))
                .hasMessageContaining("this build reads 'shoptide-reranker 1'");
        assertThatThrownBy(() -> RerankerArtifact.parse("shoptide-reranker 1\nscenario=user\n"))
                .hasMessageContaining("--- lightgbm model ---");
        assertThatThrownBy(() -> LtrModel.train(List.of(), LtrModel.Params.defaults(1)))
                .hasMessageContaining("no impression with a click");
    }

    @Test
    void ndcgAndBootstrapMatchHandComputedValues() {
        // gains 3,0,1 shown in order 1,0,2: DCG = 0/1 + 3/log2(3) + 1/2 ; ideal = 3/1 + 1/log2(3)
        double dcg = 3 / (Math.log(3) / Math.log(2)) + 0.5;
        double idcg = 3 + 1 / (Math.log(3) / Math.log(2));
        assertThat(RankingMetrics.ndcg(new double[] { 3, 0, 1 }, new int[] { 1, 0, 2 }, 10)).isCloseTo(dcg / idcg,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(RankingMetrics.ndcg(new double[] { 0, 0 }, new int[] { 0, 1 }, 10)).isZero();
        assertThat(RankingMetrics.orderBy(new double[] { 0.1, 0.9, 0.5 })).containsExactly(1, 2, 0);
        double[] ci = RankingMetrics.pairedBootstrap(new double[] { 0, 0, 0, 0 }, new double[] { 1, 1, 1, 1 }, 200, 1);
        assertThat(ci).containsExactly(1, 1, 1);
    }
}
