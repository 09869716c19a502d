package org.shoptide.core.profile;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One customer of the customer-360 mart.
 *
 * @param customerKey
 *            the mart's key: {@code u:USERID} when the customer has a shop user id, else {@code e:EMAILHASH}
 * @param keys
 *            every identifier the sources linked to this customer
 * @param lastPurchase
 *            day of the most recent purchase in any source, if any
 * @param recencyDays
 *            days from {@code lastPurchase} to the day the mart was built, if any purchase
 * @param frequency
 *            number of distinct orders (purchases) over all sources
 * @param monetaryMinor
 *            sum of purchase amounts in minor units of the shop's currency
 * @param priceSensitivity
 *            share in [0, 1] of purchased lines that were on discount or priced below their category's median unit
 *            price; empty without purchases
 * @param brandLoyalty
 *            {@code 1 - H/ln(n)} in [0, 1] over the brands of purchased lines (H the Shannon entropy of the brand
 *            shares, n the number of distinct brands; 1 when only one brand); empty without branded purchases
 * @param topCategories
 *            up to three categories with the highest share of the customer's purchase and view events, highest first
 * @param lifeEvents
 *            inferred life events, oldest first
 * @param area
 *            area name from the customer's postcode, if known
 * @param areaTier
 *            tier of that area (e.g. {@code premium}, {@code standard}, {@code budget}), if known
 * @param sources
 *            names of the sources that contributed a record to this row, sorted
 */
public record CustomerRow(String customerKey, CustomerKeys keys, Optional<LocalDate> lastPurchase,
        OptionalLong recencyDays, long frequency, long monetaryMinor, OptionalDouble priceSensitivity,
        OptionalDouble brandLoyalty, List<CategoryAffinity> topCategories, List<LifeEvent> lifeEvents,
        Optional<String> area, Optional<String> areaTier, List<String> sources) {

    public CustomerRow {
        Objects.requireNonNull(customerKey, "customerKey");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(lastPurchase, "lastPurchase");
        Objects.requireNonNull(recencyDays, "recencyDays");
        Objects.requireNonNull(priceSensitivity, "priceSensitivity");
        Objects.requireNonNull(brandLoyalty, "brandLoyalty");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(areaTier, "areaTier");
        topCategories = List.copyOf(topCategories);
        lifeEvents = List.copyOf(lifeEvents);
        sources = List.copyOf(sources);
    }

    /** Whether the customer has a life event of {@code kind} (see {@link LifeEvent}). */
    public boolean has(String kind) {
        return lifeEvents.stream().anyMatch(e -> e.kind().equals(kind));
    }

    /**
     * The identifiers of one customer.
     *
     * @param userId
     *            the shop's user id, if known
     * @param emailHash
     *            hex SHA-256 of per-shop salt + normalised e-mail (trimmed, lower-case), if known
     * @param phoneHash
     *            hex SHA-256 of per-shop salt + normalised phone (digits and a leading '+'), if known
     * @param anonymousIds
     *            anonymous or device ids seen for this customer, sorted
     */
    public record CustomerKeys(Optional<String> userId, Optional<String> emailHash, Optional<String> phoneHash,
            List<String> anonymousIds) {
        public CustomerKeys {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(emailHash, "emailHash");
            Objects.requireNonNull(phoneHash, "phoneHash");
            anonymousIds = List.copyOf(anonymousIds);
        }
    }

    /**
     * A category and the customer's share of events in it.
     *
     * @param category
     *            category name as in the catalog or source
     * @param share
     *            share in (0, 1] of the customer's categorised events
     */
    public record CategoryAffinity(String category, double share) {
        public CategoryAffinity {
            Objects.requireNonNull(category, "category");
        }
    }

    /**
     * A life event inferred from the sources.
     *
     * @param kind
     *            {@link #MOVED_HOUSE} or {@link #RENOVATING}
     * @param date
     *            the day it happened (the property purchase; the first purchase of the renovation window)
     * @param source
     *            the source it was inferred from
     */
    public record LifeEvent(String kind, LocalDate date, String source) {
        /** A property purchase in the register within the mart's window (default 180 days). */
        public static final String MOVED_HOUSE = "moved_house";

        /** At least 3 purchases in renovation categories within 14 days. */
        public static final String RENOVATING = "renovating";

        public LifeEvent {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(date, "date");
            Objects.requireNonNull(source, "source");
        }
    }
}
