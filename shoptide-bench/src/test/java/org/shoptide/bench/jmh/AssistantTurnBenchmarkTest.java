package org.shoptide.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.shoptide.assistant.TurnResult;
import org.shoptide.assistant.reply.ShownProduct;

/** Runs the assistant benchmark's body over a small catalog, so it cannot rot unnoticed. */
class AssistantTurnBenchmarkTest {

    @Test
    void everyTurnAnswersWithinTheBudgetAndStoresItsTurn() {
        AssistantTurnBenchmark b = new AssistantTurnBenchmark();
        b.items = 600;
        b.setup();
        try {
            int answered = 0;
            for (int i = 0; i < 200; i++) {
                TurnResult r = b.turn();
                assertThat(r.reply()).isNotBlank();
                if (r.intent() != null && r.intent().maxPriceMinor() != null) {
                    long max = r.intent().maxPriceMinor();
                    assertThat(r.products()).allMatch(p -> p.overBudget() || p.priceMinor() <= max);
                }
                if (!r.products().isEmpty()) {
                    answered++;
                    assertThat(r.recommendationId()).isNotNull();
                    assertThat(r.products()).extracting(ShownProduct::itemId).doesNotHaveDuplicates();
                }
            }
            assertThat(answered).isGreaterThan(150);
            assertThat(b.messages()).hasSize(2000);
        } finally {
            b.tearDown();
        }
    }
}
