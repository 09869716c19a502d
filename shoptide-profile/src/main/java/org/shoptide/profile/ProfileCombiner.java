package org.shoptide.profile;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.LifeEvent;

/**
 * Combines the mart rows of one person (rows the identity graph resolved to the same user) into one profile:
 * <ul>
 * <li>frequency and monetary value: sums (the rows count different orders: each source's own);
 * <li>last purchase: the latest; recency: the smallest;
 * <li>price sensitivity and brand loyalty: means weighted by each row's frequency (at least 1), over the rows that have
 * them;
 * <li>category affinities: the rows' shares averaged with the same weights, the best {@link #MAX_CATEGORIES} kept;
 * <li>life events: the union (one per kind, day and source);
 * <li>area and tier: from the row with the latest purchase that has an area, else the first such row by customer key;
 * <li>sources: the union, each last seen at the rebuild time; each fact lists the sources of the rows it came from.
 * </ul>
 */
public final class ProfileCombiner {
    /** Category affinities kept per profile. */
    public static final int MAX_CATEGORIES = 5;

    private ProfileCombiner() {
    }

    /** The profile of {@code userId} from its rows (in customer-key order, at least one). */
    public static CustomerProfile combine(String userId, List<CustomerRow> rows, Instant computedAt) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a profile needs at least one mart row");
        }
        long frequency = 0;
        long monetary = 0;
        Optional<LocalDate> last = Optional.empty();
        OptionalLong recency = OptionalLong.empty();
        Map<String, Double> catWeight = new TreeMap<>();
        double catTotal = 0;
        LinkedHashSet<LifeEvent> events = new LinkedHashSet<>();
        TreeSet<String> rfmSources = new TreeSet<>();
        TreeSet<String> catSources = new TreeSet<>();
        TreeSet<String> eventSources = new TreeSet<>();
        TreeSet<String> all = new TreeSet<>();
        for (CustomerRow r : rows) {
            frequency += r.frequency();
            monetary += r.monetaryMinor();
            if (r.lastPurchase().isPresent() && (last.isEmpty() || r.lastPurchase().get().isAfter(last.get()))) {
                last = r.lastPurchase();
            }
            if (r.recencyDays().isPresent()
                    && (recency.isEmpty() || r.recencyDays().getAsLong() < recency.getAsLong())) {
                recency = r.recencyDays();
            }
            if (r.frequency() > 0 || r.monetaryMinor() > 0) {
                rfmSources.addAll(r.sources());
            }
            if (!r.topCategories().isEmpty()) {
                double w = weight(r);
                catTotal += w;
                for (CategoryAffinity c : r.topCategories()) {
                    catWeight.merge(c.category(), w * c.share(), Double::sum);
                }
                catSources.addAll(r.sources());
            }
            for (LifeEvent e : r.lifeEvents()) {
                events.add(e);
                eventSources.add(e.source());
            }
            all.addAll(r.sources());
        }
        List<CategoryAffinity> categories = new ArrayList<>();
        double total = catTotal;
        catWeight.forEach((c, w) -> categories.add(new CategoryAffinity(c, w / total)));
        categories.sort(Comparator.comparingDouble(CategoryAffinity::share).reversed()
                .thenComparing(CategoryAffinity::category));
        List<CategoryAffinity> top = categories.subList(0, Math.min(MAX_CATEGORIES, categories.size()));

        CustomerRow areaRow = rows.stream().filter(r -> r.area().isPresent() || r.areaTier().isPresent())
                .max(Comparator.comparing((CustomerRow r) -> r.lastPurchase().orElse(LocalDate.MIN))
                        .thenComparing(CustomerRow::customerKey, Comparator.reverseOrder()))
                .orElse(null);
        Map<String, List<String>> factSources = new TreeMap<>();
        put(factSources, "rfm", rfmSources);
        put(factSources, "price_sensitivity", sourcesOf(rows, r -> r.priceSensitivity().isPresent()));
        put(factSources, "brand_loyalty", sourcesOf(rows, r -> r.brandLoyalty().isPresent()));
        put(factSources, "categories", catSources);
        put(factSources, "life_events", eventSources);
        put(factSources, "area", areaRow == null ? Set.of() : Set.copyOf(areaRow.sources()));
        Map<String, Instant> seen = new TreeMap<>();
        all.forEach(s -> seen.put(s, computedAt));
        return new CustomerProfile(userId, last, recency, frequency, monetary,
                weightedMean(rows, CustomerRow::priceSensitivity), weightedMean(rows, CustomerRow::brandLoyalty),
                List.copyOf(top), List.copyOf(events), areaRow == null ? Optional.empty() : areaRow.area(),
                areaRow == null ? Optional.empty() : areaRow.areaTier(), factSources, seen, computedAt, 0);
    }

    private static double weight(CustomerRow r) {
        return Math.max(1, r.frequency());
    }

    private static OptionalDouble weightedMean(List<CustomerRow> rows, Function<CustomerRow, OptionalDouble> f) {
        double sum = 0;
        double w = 0;
        for (CustomerRow r : rows) {
            OptionalDouble v = f.apply(r);
            if (v.isPresent()) {
                sum += weight(r) * v.getAsDouble();
                w += weight(r);
            }
        }
        return w == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / w);
    }

    private static Set<String> sourcesOf(List<CustomerRow> rows, Predicate<CustomerRow> has) {
        TreeSet<String> out = new TreeSet<>();
        rows.stream().filter(has).forEach(r -> out.addAll(r.sources()));
        return out;
    }

    private static void put(Map<String, List<String>> m, String fact, Set<String> sources) {
        if (!sources.isEmpty()) {
            m.put(fact, sources.stream().sorted().toList());
        }
    }
}
