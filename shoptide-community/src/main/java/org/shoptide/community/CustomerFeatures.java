package org.shoptide.community;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LineItem;

/**
 * Per-customer feature vectors for segmentation, from one pass over the shop's events: RFM (Hughes, "Strategic Database
 * Marketing", 1994) as recency = days since the customer's last event, frequency = purchases, monetary = sum of
 * purchase line totals; and category affinities = the share of the customer's item interactions (views, clicks,
 * add-to-carts, likes, purchase lines, community interests) in each of the shop's {@value #CATEGORIES} busiest
 * top-level categories. Known users only (anonymous visitors have no traits to carry a segment). Each feature is then
 * standardised to zero mean and unit variance (a constant feature becomes 0), so no unit dominates the distances.
 */
final class CustomerFeatures {
    static final int CATEGORIES = 8;

    /** The customers in order, the feature names, and the standardised matrix (one row per customer). */
    record Matrix(List<String> users, List<String> features, double[][] values) {
    }

    private static final class Customer {
        long last = Long.MIN_VALUE;
        int purchases;
        double monetary;
        final Map<String, Integer> categories = new HashMap<>();
        int interactions;
    }

    private final Map<String, Item> catalog;
    private final Map<String, Customer> customers = new LinkedHashMap<>();
    private final Map<String, Integer> categoryVolume = new HashMap<>();

    CustomerFeatures(Map<String, Item> catalog) {
        this.catalog = catalog;
    }

    void accept(Event e) {
        if (e.userId() == null) {
            return;
        }
        Customer c = customers.computeIfAbsent(e.userId(), u -> new Customer());
        c.last = Math.max(c.last, e.timestamp().toEpochMilli());
        switch (e.type()) {
            case PURCHASE -> {
                c.purchases++;
                for (LineItem li : e.lineItems()) {
                    c.monetary += li.total();
                    interaction(c, li.itemId());
                }
            }
            case VIEW, CLICK, ADD_TO_CART, LIKE, CUSTOM -> interaction(c, e.itemId());
            default -> {
            }
        }
    }

    private void interaction(Customer c, String itemId) {
        Item item = itemId == null ? null : catalog.get(itemId);
        if (item == null || item.categoryPath().isEmpty()) {
            return;
        }
        String top = item.categoryPath().get(0);
        c.categories.merge(top, 1, Integer::sum);
        c.interactions++;
        categoryVolume.merge(top, 1, Integer::sum);
    }

    Matrix build(Instant now) {
        List<String> categories = categoryVolume.entrySet().stream().sorted(
                Map.Entry.<String, Integer> comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(CATEGORIES).map(Map.Entry::getKey).toList();
        List<String> features = new ArrayList<>(List.of("recency_days", "frequency", "monetary"));
        categories.forEach(cat -> features.add("category:" + cat));
        List<String> users = new ArrayList<>(new TreeMap<>(customers).keySet());
        double[][] x = new double[users.size()][features.size()];
        for (int i = 0; i < users.size(); i++) {
            Customer c = customers.get(users.get(i));
            x[i][0] = Math.max(0, (now.toEpochMilli() - c.last) / 86_400_000.0);
            x[i][1] = c.purchases;
            x[i][2] = c.monetary;
            for (int j = 0; j < categories.size(); j++) {
                x[i][3 + j] = c.interactions == 0 ? 0
                        : c.categories.getOrDefault(categories.get(j), 0) / (double) c.interactions;
            }
        }
        standardise(x);
        return new Matrix(List.copyOf(users), List.copyOf(features), x);
    }

    /** Column-wise z-scores in place; a constant column becomes 0. */
    static void standardise(double[][] x) {
        if (x.length == 0) {
            return;
        }
        for (int f = 0; f < x[0].length; f++) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[f];
            }
            mean /= x.length;
            double var = 0;
            for (double[] row : x) {
                var += (row[f] - mean) * (row[f] - mean);
            }
            double sd = Math.sqrt(var / x.length);
            for (double[] row : x) {
                row[f] = sd == 0 ? 0 : (row[f] - mean) / sd;
            }
        }
    }
}
