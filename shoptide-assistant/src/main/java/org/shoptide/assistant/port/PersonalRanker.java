package org.shoptide.assistant.port;

import java.util.List;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * Orders the assistant's candidates for one customer with the engine's personal signals (history, realtime state,
 * rules) and logs the answer as an exposure. The server adapts it onto the engine's recommendation with
 * {@code Filters.onlyItems}.
 */
public interface PersonalRanker {

    /**
     * Ranks {@code candidates} (best lexical match first) for the customer and returns at most {@code n} of them; the
     * answer is logged as shown under its recommendation id.
     */
    Ranking rank(ShopId shop, Customer customer, List<String> candidates, int n);

    /** A ranked answer: items best first, under the id that attributes later events to it. */
    record Ranking(String recommendationId, List<Ranked> items) {
        public Ranking {
            items = List.copyOf(items);
        }
    }

    /**
     * One ranked item.
     *
     * @param reason
     *            the engine's short reason ("you bought Asics before"), or null when it has none
     * @param source
     *            the candidate source that contributed most (als, cooccurrence, query, ...), or null
     */
    record Ranked(String itemId, String reason, String source) {
        public Ranked {
            Objects.requireNonNull(itemId, "itemId");
        }
    }
}
