package org.shoptide.engine;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.shoptide.core.event.Event;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.rerank.RerankCandidate;
import org.shoptide.engine.rerank.RerankContext;
import org.shoptide.engine.rerank.Reranker;

/** The learning-to-rank hook: an active re-ranker re-orders the blend's pool, only for its scenario and the blend. */
class RerankingTest {

    /** Puts one item first and keeps the blend's order for the rest; records what it was given. */
    static final class Promote implements Reranker {
        final String item;
        final List<RerankCandidate> seen = new ArrayList<>();
        RerankContext context;

        Promote(String item) {
            this.item = item;
        }

        @Override
        public double[] score(RerankContext ctx, List<RerankCandidate> candidates) {
            context = ctx;
            seen.clear();
            seen.addAll(candidates);
            double[] s = new double[candidates.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = candidates.get(i).itemId().equals(item) ? 1000 : -candidates.get(i).blendRank();
            }
            return s;
        }
    }

    static Recommendation recommend(DefaultEngine e, Scenario sc, String user, String item, int n) {
        return e.recommend(new RecommendationRequest(SHOP, sc, user, null, item, null, n, null, true, null));
    }

    static List<String> ids(Recommendation r) {
        return r.items().stream().map(RecommendedItem::itemId).toList();
    }

    @Test
    void anActiveRerankerReordersTheBlendsPoolForItsScenarioOnly() {
        try (EngineFixture f = new EngineFixture()) {
            AtomicReference<Reranker> active = new AtomicReference<>();
            DefaultEngine engine = new DefaultEngine(f.config, f.shops, f.items, f.users, f.rules, f.experiments, f.log,
                    f.models, f.clock, f.random).withRealtime(InMemoryRealtimeState.FACTORY).withRerankers(
                            (shop, sc) -> sc == Scenario.USER ? Optional.ofNullable(active.get()) : Optional.empty());
            try {
                engine.start();
                engine.createShop(SHOP, "Acme");
                f.syntheticShop(engine);
                engine.train(SHOP);
                List<String> blend = ids(recommend(engine, Scenario.USER, "u0", null, 20));
                assertThat(blend).hasSize(20);
                String target = blend.get(12);

                Promote promote = new Promote(target);
                active.set(promote);
                Recommendation r = recommend(engine, Scenario.USER, "u0", null, 5);
                assertThat(ids(r)).containsExactly(target, blend.get(0), blend.get(1), blend.get(2), blend.get(3));
                // scores stay non-increasing, so rules that re-sort by score keep the re-ranker's order
                for (int i = 1; i < r.items().size(); i++) {
                    assertThat(r.items().get(i).score()).isLessThanOrEqualTo(r.items().get(i - 1).score());
                }
                // it saw a pool larger than the answer, in blend order, with the realtime state of the user
                assertThat(promote.seen).hasSizeGreaterThanOrEqualTo(20);
                assertThat(promote.seen.get(0).itemId()).isEqualTo(blend.get(0));
                assertThat(promote.seen.get(0).blendRank()).isEqualTo(1);
                assertThat(promote.seen.get(0).sourceScores()).isNotEmpty();
                assertThat(promote.context.user()).isNotNull();
                assertThat(promote.context.catalog().apply(target)).isNotNull();
                // the logged exposure is what was served
                Event logged = f.events(SHOP).getLast();
                assertThat(logged.shown().get(0).itemId()).isEqualTo(target);

                // another scenario is not re-ranked
                promote.seen.clear();
                recommend(engine, Scenario.ITEM, "u0", "g0", 5);
                assertThat(promote.seen).isEmpty();

                // a failing re-ranker costs nothing but its log line: the blend's order is served
                active.set((ctx, c) -> {
                    throw new IllegalStateException("broken model");
                });
                assertThat(ids(recommend(engine, Scenario.USER, "u0", null, 5))).isEqualTo(blend.subList(0, 5));
                active.set((ctx, c) -> new double[1]);
                assertThat(ids(recommend(engine, Scenario.USER, "u0", null, 5))).isEqualTo(blend.subList(0, 5));
            } finally {
                engine.close();
            }
        }
    }
}
