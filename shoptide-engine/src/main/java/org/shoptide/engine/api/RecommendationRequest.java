package org.shoptide.engine.api;

import java.util.List;
import java.util.Objects;
import org.shoptide.core.shop.ShopId;

/**
 * A request for recommendations.
 *
 * @param userId
 *            known user, or null
 * @param anonymousId
 *            visitor id when the user is not known
 * @param itemId
 *            the seed item for {@link Scenario#ITEM}
 * @param itemIds
 *            the cart for {@link Scenario#CART}; for every scenario these are excluded
 * @param n
 *            number of items wanted (1..100)
 * @param excludePurchased
 *            drop items the user already bought (default true)
 * @param contextCategory
 *            category of the page the visitor is on, used for cold start and trending
 * @param surface
 *            where the answer is shown, logged as its impression's {@code context.page} so outcomes can be reported per
 *            surface: {@link #ASSISTANT} for the shopping assistant, null for the recommendation API
 */
public record RecommendationRequest(ShopId shop, Scenario scenario, String userId, String anonymousId, String itemId,
        List<String> itemIds, int n, Filters filters, boolean excludePurchased, String contextCategory,
        String surface) {
    /** The surface of the shopping assistant's answers. */
    public static final String ASSISTANT = "assistant";

    /** A request of the recommendation API (no surface). */
    public RecommendationRequest(ShopId shop, Scenario scenario, String userId, String anonymousId, String itemId,
            List<String> itemIds, int n, Filters filters, boolean excludePurchased, String contextCategory) {
        this(shop, scenario, userId, anonymousId, itemId, itemIds, n, filters, excludePurchased, contextCategory, null);
    }

    public RecommendationRequest {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(scenario, "scenario");
        itemIds = itemIds == null ? List.of() : List.copyOf(itemIds);
        filters = filters == null ? Filters.NONE : filters;
    }

    /** The same request with other filters. */
    public RecommendationRequest withFilters(Filters f) {
        return new RecommendationRequest(shop, scenario, userId, anonymousId, itemId, itemIds, n, f, excludePurchased,
                contextCategory, surface);
    }

    public String subject() {
        return userId != null ? userId : anonymousId;
    }
}
