package org.shoptide.engine;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.shoptide.core.model.ExactVectorIndex;
import org.shoptide.core.port.VectorIndex;
import org.shoptide.engine.api.Scenario;

/** ADR 0014: a model at or above the configured size serves its ALS source from the vector index once it is built. */
class VectorIndexServingTest {

    /** The exact index, counting searches, so the test can tell which path answered. */
    static final class Counting implements VectorIndex {
        final VectorIndex inner;
        final AtomicInteger searches;

        Counting(VectorIndex inner, AtomicInteger searches) {
            this.inner = inner;
            this.searches = searches;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public int rank() {
            return inner.rank();
        }

        @Override
        public int[] search(float[] query, int k, IntPredicate excluded) {
            searches.incrementAndGet();
            return inner.search(query, k, excluded);
        }
    }

    @Test
    void anExactIndexGivesTheSameAnswersAsTheScanAndOnlyLargeModelsUseIt() throws Exception {
        try (EngineFixture f = new EngineFixture()) {
            DefaultEngine plain = f.engine();
            plain.start();
            plain.createShop(SHOP, "Acme");
            f.syntheticShop(plain);
            plain.train(SHOP);
            List<String> expected = RerankingTest.ids(RerankingTest.recommend(plain, Scenario.USER, "u0", null, 10));
            plain.close();

            AtomicInteger searches = new AtomicInteger();
            AtomicInteger builds = new AtomicInteger();
            DefaultEngine indexed = new DefaultEngine(f.config, f.shops, f.items, f.users, f.rules, f.experiments,
                    f.log, f.models, f.clock, f.random).withRealtime(InMemoryRealtimeState.FACTORY)
                            .withVectorIndex((rows, rank) -> {
                                builds.incrementAndGet();
                                return new Counting(ExactVectorIndex.build(rows, rank), searches);
                            }, 1);
            try {
                indexed.start(); // loads the trained model and builds its index in the background
                for (int i = 0; i < 500 && searches.get() == 0; i++) {
                    List<String> got = RerankingTest
                            .ids(RerankingTest.recommend(indexed, Scenario.USER, "u0", null, 10));
                    assertThat(got).isEqualTo(expected); // exact scan while building, the index afterwards
                    Thread.sleep(10);
                }
                assertThat(searches.get()).isPositive();
                assertThat(builds.get()).isEqualTo(1);
            } finally {
                indexed.close();
            }

            AtomicInteger smallBuilds = new AtomicInteger();
            DefaultEngine small = new DefaultEngine(f.config, f.shops, f.items, f.users, f.rules, f.experiments, f.log,
                    f.models, f.clock, f.random).withRealtime(InMemoryRealtimeState.FACTORY)
                            .withVectorIndex((rows, rank) -> {
                                smallBuilds.incrementAndGet();
                                return ExactVectorIndex.build(rows, rank);
                            }, 1_000_000);
            try {
                small.start();
                assertThat(RerankingTest.ids(RerankingTest.recommend(small, Scenario.USER, "u0", null, 10)))
                        .isEqualTo(expected);
                assertThat(smallBuilds.get()).isZero();
            } finally {
                small.close();
            }
        }
    }
}
