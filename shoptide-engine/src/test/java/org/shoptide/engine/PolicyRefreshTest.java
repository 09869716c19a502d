package org.shoptide.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shoptide.engine.EngineFixture.SHOP;
import static org.shoptide.engine.EngineFixture.item;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.RuleStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.Scenario;

/**
 * A recommendation does not read or parse the shop's policies: they are read when the shop opens, when this node
 * changes them, and compared with the stores once per TTL (changes by another node sharing the stores).
 */
class PolicyRefreshTest {

    /** Counts reads of the latest rule set. */
    private static final class CountingRules implements RuleStore {
        final RuleStore store;
        final AtomicInteger latestReads = new AtomicInteger();

        CountingRules(RuleStore store) {
            this.store = store;
        }

        @Override
        public RuleSetRecord append(ShopId shop, String definition, Instant createdAt) {
            return store.append(shop, definition, createdAt);
        }

        @Override
        public Optional<RuleSetRecord> latest(ShopId shop) {
            latestReads.incrementAndGet();
            return store.latest(shop);
        }

        @Override
        public Optional<RuleSetRecord> get(ShopId shop, int version) {
            return store.get(shop, version);
        }
    }

    @Test
    void requestsUseTheCachedPoliciesAndOtherNodesChangesShowAfterTheTtl() {
        try (EngineFixture f = new EngineFixture()) {
            CountingRules rules = new CountingRules(f.rules);
            DefaultEngine engine = new DefaultEngine(f.config, f.shops, f.items, f.users, rules, f.experiments, f.log,
                    f.models, f.clock, f.random).withRealtime(InMemoryRealtimeState.FACTORY);
            try {
                engine.start();
                engine.createShop(SHOP, "Acme");
                engine.upsertItems(SHOP, List.of(item("a", "Axe", "Forge", 30, true, "Garden"),
                        item("b", "Bowl", "Mix", 10, true, "Kitchen")));
                RecommendationRequest trending = new RecommendationRequest(SHOP, Scenario.TRENDING, null, "v1", null,
                        null, 2, null, true, null);
                int atOpen = rules.latestReads.get();
                for (int i = 0; i < 50; i++) {
                    assertThat(engine.recommend(trending).ruleVersion()).isZero();
                }
                assertThat(rules.latestReads.get()).isEqualTo(atOpen);

                // another node stores a rule set: this node serves it once its copy is older than the TTL
                f.rules.append(SHOP, "[]", f.clock.instant());
                assertThat(engine.recommend(trending).ruleVersion()).isZero();
                f.clock.advance(Duration.ofMillis(PolicyLoader.TTL_MILLIS + 1));
                assertThat(engine.recommend(trending).ruleVersion()).isEqualTo(1);
                assertThat(engine.recommend(trending).ruleVersion()).isEqualTo(1);
                assertThat(rules.latestReads.get()).isEqualTo(atOpen + 1);
            } finally {
                engine.close();
            }
        }
    }
}
