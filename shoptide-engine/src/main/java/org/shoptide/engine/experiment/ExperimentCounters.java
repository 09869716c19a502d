package org.shoptide.engine.experiment;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.shoptide.core.stats.Moments;
import org.shoptide.core.stats.RatioMoments;

/**
 * Incremental counters of one experiment, per variant, updated by the shop's log subscription as exposures and outcomes
 * arrive (and rebuilt by replaying the log at start), read by results calls. Per unit it keeps its variant, revenue,
 * attributed revenue, orders, impressions, clicked impressions and whether it converted, so per-visitor means and
 * variances are exact: when a visitor's revenue changes from r to r + x, the variant's sum of squares changes by (r +
 * x)² - r². The ratio metrics (aov = revenue / orders, ctr = clicked impressions / impressions) keep the per-visitor
 * sums of {@link RatioMoments} the same way, for their delta-method intervals. A unit costs one map entry and about 50
 * bytes, whatever its number of orders and impressions.
 * <p>
 * Thread-safe: one lock per experiment; writers are the single subscription thread of the shop.
 */
public final class ExperimentCounters {
    private final ReentrantLock lock = new ReentrantLock();
    private final int variantCount;
    private final long[] visitors;
    private final long[] impressions;
    private final long[] clickedImpressions;
    private final long[] clicks;
    private final long[] addToCarts;
    private final long[] conversions;
    private final long[] orders;
    private final double[] revenue;
    private final double[] attributed;
    private final Moments[] orderValues;
    private final Moments[] revenuePerUnit;
    private final Moments[] attributedPerUnit;
    /** Per visitor (orders, revenue): average order value. */
    private final RatioMoments[] aovPerUnit;
    /** Per visitor (impressions, clicked impressions) in the variant they were counted in: CTR. */
    private final RatioMoments[] ctrPerUnit;
    private final Map<String, Unit> units = new HashMap<>();
    /** The user or visitor id realtime state knows a unit by, when it differs from the unit id (aliases). */
    private final Map<String, Unit> bySubject = new HashMap<>();

    private static final class Unit {
        final int variant;
        double revenue;
        double attributed;
        int orders;
        int impressions;
        int clickedImpressions;
        boolean converted;

        Unit(int variant) {
            this.variant = variant;
        }
    }

    public ExperimentCounters(int variantCount) {
        this.variantCount = variantCount;
        visitors = new long[variantCount];
        impressions = new long[variantCount];
        clickedImpressions = new long[variantCount];
        clicks = new long[variantCount];
        addToCarts = new long[variantCount];
        conversions = new long[variantCount];
        orders = new long[variantCount];
        revenue = new double[variantCount];
        attributed = new double[variantCount];
        orderValues = new Moments[variantCount];
        revenuePerUnit = new Moments[variantCount];
        attributedPerUnit = new Moments[variantCount];
        aovPerUnit = new RatioMoments[variantCount];
        ctrPerUnit = new RatioMoments[variantCount];
        Arrays.fill(orderValues, Moments.EMPTY);
        Arrays.fill(revenuePerUnit, Moments.EMPTY);
        Arrays.fill(attributedPerUnit, Moments.EMPTY);
        Arrays.fill(aovPerUnit, RatioMoments.EMPTY);
        Arrays.fill(ctrPerUnit, RatioMoments.EMPTY);
    }

    /**
     * A recommendation of the experiment was served to {@code unit} in {@code variant}. The first one makes the unit a
     * visitor of that variant (a unit keeps the variant it was first counted in; impressions it gets in another variant
     * count in that variant's totals but not in the per-visitor sums of CTR).
     */
    public void exposure(int variant, String unit, String subject) {
        check(variant);
        lock.lock();
        try {
            Unit u = units.get(unit);
            if (u == null) {
                u = new Unit(variant);
                units.put(unit, u);
                visitors[variant]++;
                revenuePerUnit[variant] = revenuePerUnit[variant].plus(0);
                attributedPerUnit[variant] = attributedPerUnit[variant].plus(0);
                aovPerUnit[variant] = aovPerUnit[variant].plus(0, 0);
                ctrPerUnit[variant] = ctrPerUnit[variant].plus(0, 0);
            }
            if (u.variant == variant) {
                ctrPerUnit[variant] = ctrPerUnit[variant].replace(u.impressions, u.clickedImpressions,
                        u.impressions + 1, u.clickedImpressions);
                u.impressions++;
            }
            if (subject != null && !subject.equals(unit)) {
                bySubject.putIfAbsent(subject, u);
            }
            impressions[variant]++;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A click attributed to a recommendation of {@code variant} served to {@code unit} (null when the impression named
     * none); {@code firstOfImpression} for its set's first.
     */
    public void click(int variant, String unit, boolean firstOfImpression) {
        check(variant);
        lock.lock();
        try {
            clicks[variant]++;
            if (firstOfImpression) {
                clickedImpressions[variant]++;
                Unit u = unit == null ? null : units.get(unit);
                if (u != null && u.variant == variant && u.clickedImpressions < u.impressions) {
                    ctrPerUnit[variant] = ctrPerUnit[variant].replace(u.impressions, u.clickedImpressions,
                            u.impressions, u.clickedImpressions + 1);
                    u.clickedImpressions++;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    public void addToCart(int variant) {
        check(variant);
        lock.lock();
        try {
            addToCarts[variant]++;
        } finally {
            lock.unlock();
        }
    }

    /** Revenue of purchase lines attributed to a recommendation of {@code variant} served to {@code unit}. */
    public void attributedRevenue(int variant, String unit, double amount) {
        check(variant);
        lock.lock();
        try {
            attributed[variant] += amount;
            Unit u = units.get(unit);
            if (u != null && u.variant == variant) {
                attributedPerUnit[variant] = attributedPerUnit[variant].replace(u.attributed, u.attributed + amount);
                u.attributed += amount;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A purchase of {@code total} by whoever placed it: counted when one of its ids (user id, anonymous id, or the
     * subject realtime state resolves them to) is an exposed unit. Returns whether it was counted.
     */
    public boolean purchase(String userId, String anonymousId, String subject, double total) {
        lock.lock();
        try {
            Unit u = find(userId, anonymousId, subject);
            if (u == null) {
                return false;
            }
            int v = u.variant;
            orders[v]++;
            revenue[v] += total;
            orderValues[v] = orderValues[v].plus(total);
            revenuePerUnit[v] = revenuePerUnit[v].replace(u.revenue, u.revenue + total);
            aovPerUnit[v] = aovPerUnit[v].replace(u.orders, u.revenue, u.orders + 1, u.revenue + total);
            u.revenue += total;
            u.orders++;
            if (!u.converted) {
                u.converted = true;
                conversions[v]++;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** An anonymous visitor was merged into a user: the user's later events count for the visitor's unit. */
    public void alias(String anonymousId, String userId) {
        lock.lock();
        try {
            Unit u = units.get(anonymousId);
            if (u == null) {
                u = bySubject.get(anonymousId);
            }
            if (u != null && !units.containsKey(userId)) {
                bySubject.putIfAbsent(userId, u);
            }
        } finally {
            lock.unlock();
        }
    }

    private Unit find(String... ids) {
        for (String id : ids) {
            if (id != null) {
                Unit u = units.get(id);
                if (u != null) {
                    return u;
                }
            }
        }
        for (String id : ids) {
            if (id != null) {
                Unit u = bySubject.get(id);
                if (u != null) {
                    return u;
                }
            }
        }
        return null;
    }

    private void check(int variant) {
        if (variant < 0 || variant >= variantCount) {
            throw new IllegalArgumentException("variant index " + variant + " out of range");
        }
    }

    /** A consistent copy of every counter. */
    public Snapshot snapshot() {
        lock.lock();
        try {
            VariantCounts[] out = new VariantCounts[variantCount];
            for (int v = 0; v < variantCount; v++) {
                out[v] = new VariantCounts(visitors[v], impressions[v], clickedImpressions[v], clicks[v], addToCarts[v],
                        conversions[v], orders[v], revenue[v], attributed[v], orderValues[v], revenuePerUnit[v],
                        attributedPerUnit[v], aovPerUnit[v], ctrPerUnit[v]);
            }
            return new Snapshot(out);
        } finally {
            lock.unlock();
        }
    }

    /** Counters of every variant at one moment. */
    public record Snapshot(VariantCounts[] variants) {
    }

    /**
     * Counters of one variant.
     *
     * @param orderValues
     *            moments of the order values, each order one observation (not the unit of analysis; kept for comparison
     *            with the per-visitor {@code aovPerVisitor})
     * @param aovPerVisitor
     *            per visitor: x = orders, y = revenue
     * @param ctrPerVisitor
     *            per visitor: x = impressions, y = clicked impressions
     */
    public record VariantCounts(long visitors, long impressions, long clickedImpressions, long clicks, long addToCarts,
            long conversions, long orders, double revenue, double attributedRevenue, Moments orderValues,
            Moments revenuePerVisitor, Moments attributedRevenuePerVisitor, RatioMoments aovPerVisitor,
            RatioMoments ctrPerVisitor) {
    }
}
