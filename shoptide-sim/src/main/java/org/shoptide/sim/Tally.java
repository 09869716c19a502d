package org.shoptide.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.shoptide.core.stats.Moments;

/**
 * What the simulator itself sent and saw, per experiment variant (the variant named in each recommendation response;
 * {@code "-"} outside experiments). It is the ground truth that the server's experiment results are checked against.
 * Thread-safe.
 * <p>
 * Definitions match the server's (docs/EXPERIMENTS.md): a visitor counts once they got a recommendation in the variant;
 * their orders and revenue count from that first exposure on, whether or not the order came from a recommendation.
 */
public final class Tally {
    /** Counters of one variant. */
    public static final class Arm {
        final Set<Integer> visitors = new HashSet<>();
        final Set<Integer> converters = new HashSet<>();
        long recommendations;
        long shown;
        long clicks;
        long carts;
        long orders;
        double revenue;
        long recOrders;
        double recRevenue;
        /** Every order value as one observation (the order-level analysis of AOV, for comparison). */
        Moments orderValues = Moments.EMPTY;

        public int visitors() {
            return visitors.size();
        }

        public int converters() {
            return converters.size();
        }

        public long recommendations() {
            return recommendations;
        }

        public long shown() {
            return shown;
        }

        public long clicks() {
            return clicks;
        }

        public long carts() {
            return carts;
        }

        public long orders() {
            return orders;
        }

        public double revenue() {
            return revenue;
        }

        /** Orders that contained an item the user clicked in a recommendation (sent with its recommendationId). */
        public long recOrders() {
            return recOrders;
        }

        public double recRevenue() {
            return recRevenue;
        }

        public Moments orderValues() {
            return orderValues;
        }

        public double conversionRate() {
            return visitors.isEmpty() ? 0 : converters.size() / (double) visitors.size();
        }

        public double revenuePerVisitor() {
            return visitors.isEmpty() ? 0 : revenue / visitors.size();
        }

        public double ctr() {
            return shown == 0 ? 0 : clicks / (double) shown;
        }

        ObjectNode toJson() {
            ObjectNode o = ShopClient.JSON.createObjectNode();
            o.put("visitors", visitors()).put("recommendations", recommendations).put("shown", shown)
                    .put("clicks", clicks).put("ctr", ctr()).put("addToCarts", carts).put("orders", orders)
                    .put("converters", converters()).put("conversionRate", conversionRate())
                    .put("revenue", round(revenue)).put("revenuePerVisitor", revenuePerVisitor())
                    .put("ordersWithRecommendationId", recOrders).put("revenueWithRecommendationId", round(recRevenue));
            return o;
        }
    }

    /** Variant name used for recommendations outside any experiment. */
    public static final String NO_VARIANT = "-";

    private final Map<String, Arm> arms = new TreeMap<>();
    /** The variant each user was first exposed in (users exposed in none are absent). */
    private final Map<Integer, String> exposedIn = new HashMap<>();
    /** Revenue after first exposure per exposed user (0 when they bought nothing). */
    private final Map<Integer, Double> userRevenue = new HashMap<>();
    /** Clicks on recommendations per exposed user. */
    private final Map<Integer, Integer> userClicks = new HashMap<>();

    /** Records a recommendation response of {@code shown} items for {@code user} in {@code variant}. */
    public synchronized void recommended(int user, String variant, int shown) {
        Arm a = arm(variant);
        a.recommendations++;
        a.shown += shown;
        a.visitors.add(user);
        exposedIn.putIfAbsent(user, variant);
        userRevenue.putIfAbsent(user, 0.0);
        userClicks.putIfAbsent(user, 0);
    }

    public synchronized void clicked(int user, String variant) {
        arm(variant).clicks++;
        userClicks.merge(user, 1, Integer::sum);
    }

    public synchronized void carted(String variant) {
        arm(variant).carts++;
    }

    /**
     * Records an order of {@code user}; counted in the variant the user was first exposed in (if any).
     *
     * @param viaRecommendationVariant
     *            the variant of the recommendation the order is attributed to, or null
     */
    public synchronized void ordered(int user, double revenue, String viaRecommendationVariant) {
        String v = exposedIn.get(user);
        if (v != null) {
            Arm a = arm(v);
            a.orders++;
            a.revenue += revenue;
            a.orderValues = a.orderValues.plus(revenue);
            a.converters.add(user);
            userRevenue.merge(user, revenue, Double::sum);
        }
        if (viaRecommendationVariant != null) {
            Arm a = arm(viaRecommendationVariant);
            a.recOrders++;
            a.recRevenue += revenue;
        }
    }

    public synchronized Arm arm(String variant) {
        return arms.computeIfAbsent(variant, k -> new Arm());
    }

    public synchronized Map<String, Arm> arms() {
        return new TreeMap<>(arms);
    }

    /** Revenue after first exposure of each exposed user. */
    public synchronized Map<Integer, Double> userRevenue() {
        return new HashMap<>(userRevenue);
    }

    /** Clicks on recommendations of each exposed user. */
    public synchronized Map<Integer, Integer> userClicks() {
        return new HashMap<>(userClicks);
    }

    public synchronized ObjectNode toJson() {
        ObjectNode o = ShopClient.JSON.createObjectNode();
        arms.forEach((k, a) -> o.set(k, a.toJson()));
        return o;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
