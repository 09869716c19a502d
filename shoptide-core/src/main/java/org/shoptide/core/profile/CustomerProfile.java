package org.shoptide.core.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.LifeEvent;

/**
 * The customer-360 facts of one user of a shop, combined from the mart rows the identity graph resolved to that user.
 *
 * @param userId
 *            the shop's user id (the identity cluster's canonical id)
 * @param lastPurchase
 *            the most recent purchase day over all rows, if any
 * @param recencyDays
 *            the smallest recency of the rows, if any purchase
 * @param frequency
 *            orders over all rows (summed)
 * @param monetaryMinor
 *            purchase amounts over all rows in minor units (summed)
 * @param priceSensitivity
 *            in [0, 1], frequency-weighted mean of the rows', if any
 * @param brandLoyalty
 *            in [0, 1], frequency-weighted mean of the rows', if any
 * @param categories
 *            category affinities, shares summing to at most 1, highest first
 * @param lifeEvents
 *            life events with their day and source, oldest first
 * @param area
 *            the area, if known
 * @param areaTier
 *            the area's tier ({@code premium}, {@code standard}, {@code budget}), if known
 * @param factSources
 *            per fact ({@code rfm}, {@code price_sensitivity}, {@code brand_loyalty}, {@code categories}, {@code area},
 *            {@code life_events}), the sources it came from, sorted
 * @param sources
 *            every contributing source with when a rebuild last saw it in the mart
 * @param computedAt
 *            when the profile was computed
 * @param version
 *            the store's version of the profile: 1 when first stored, +1 at each store
 */
public record CustomerProfile(String userId, Optional<LocalDate> lastPurchase, OptionalLong recencyDays, long frequency,
        long monetaryMinor, OptionalDouble priceSensitivity, OptionalDouble brandLoyalty,
        List<CategoryAffinity> categories, List<LifeEvent> lifeEvents, Optional<String> area, Optional<String> areaTier,
        Map<String, List<String>> factSources, Map<String, Instant> sources, Instant computedAt, long version) {

    /** Fact names of {@link #factSources}. */
    public static final List<String> FACTS = List.of("rfm", "price_sensitivity", "brand_loyalty", "categories", "area",
            "life_events");

    public CustomerProfile {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(lastPurchase, "lastPurchase");
        Objects.requireNonNull(recencyDays, "recencyDays");
        Objects.requireNonNull(priceSensitivity, "priceSensitivity");
        Objects.requireNonNull(brandLoyalty, "brandLoyalty");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(areaTier, "areaTier");
        Objects.requireNonNull(computedAt, "computedAt");
        categories = categories.stream().sorted(Comparator.comparingDouble(CategoryAffinity::share).reversed()
                .thenComparing(CategoryAffinity::category)).toList();
        lifeEvents = lifeEvents.stream().sorted(
                Comparator.comparing(LifeEvent::date).thenComparing(LifeEvent::kind).thenComparing(LifeEvent::source))
                .toList();
        TreeMap<String, List<String>> fs = new TreeMap<>();
        factSources.forEach((k, v) -> fs.put(k, v.stream().sorted().distinct().toList()));
        factSources = Collections.unmodifiableMap(fs);
        sources = Collections.unmodifiableMap(new TreeMap<>(sources));
    }

    /** The same profile with another version. */
    public CustomerProfile withVersion(long v) {
        return new CustomerProfile(userId, lastPurchase, recencyDays, frequency, monetaryMinor, priceSensitivity,
                brandLoyalty, categories, lifeEvents, area, areaTier, factSources, sources, computedAt, v);
    }

    /** The affinity of a category (exact name), 0 when the profile has none. */
    public double affinity(String category) {
        for (CategoryAffinity c : categories) {
            if (c.category().equalsIgnoreCase(category)) {
                return c.share();
            }
        }
        return 0;
    }
}
