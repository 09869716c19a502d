package org.shoptide.lake.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.Shop;
import org.shoptide.engine.EngineConfig;

/**
 * The engine's implicit-feedback weights as the Spark job's arguments, so the job weighs lake rows exactly as the
 * engine's training replay weighs log events: a purchase or refund line weighs the type's weight times its quantity
 * capped at {@link #LINE_QUANTITY_CAP}; a rating {@code (value − rateNeutral) · ratePerPoint}; a custom event its
 * shop's weight; any other event with an item its type's weight; events of weight 0 are skipped. Pairs are summed per
 * (user, item) and only positive sums are observations.
 *
 * @param types
 *            weight per built-in type, by wire name ({@code view}, {@code purchase}, ...)
 * @param custom
 *            weight per custom type name of the shop
 */
public record EventWeightTable(Map<String, Double> types, Map<String, Double> custom, double rateNeutral,
        double ratePerPoint) {
    /** Quantity cap of a purchase or refund line, as in the engine's training replay. */
    public static final int LINE_QUANTITY_CAP = 3;

    public EventWeightTable {
        types = Map.copyOf(Objects.requireNonNull(types, "types"));
        custom = Map.copyOf(Objects.requireNonNull(custom, "custom"));
        for (Map.Entry<String, Double> e : types.entrySet()) {
            if (EventType.fromWireName(e.getKey()).isEmpty()) {
                throw new IllegalArgumentException("unknown built-in event type '" + e.getKey() + "'");
            }
            finite(e.getKey(), e.getValue());
        }
        custom.forEach(EventWeightTable::finite);
        finite("rateNeutral", rateNeutral);
        finite("ratePerPoint", ratePerPoint);
    }

    private static void finite(String name, Double v) {
        if (v == null || !Double.isFinite(v)) {
            throw new IllegalArgumentException("weight of '" + name + "' must be a finite number: " + v);
        }
    }

    /** The weights the engine with {@code config} uses for {@code shop}. */
    public static EventWeightTable of(EngineConfig config, Shop shop) {
        Map<String, Double> t = new TreeMap<>();
        for (EventType type : EventType.values()) {
            if (type != EventType.CUSTOM && type != EventType.RATE) {
                t.put(type.wireName(), config.weight(type));
            }
        }
        return new EventWeightTable(t, shop.customEventWeights(), config.rateNeutral(), config.ratePerPoint());
    }

    /** The job's arguments: {@code --weight TYPE=W}, {@code --custom-weight NAME=W}, rating and line settings. */
    public List<String> jobArguments() {
        List<String> a = new ArrayList<>();
        new TreeMap<>(types).forEach((k, v) -> {
            a.add("--weight");
            a.add(k + "=" + v);
        });
        new TreeMap<>(custom).forEach((k, v) -> {
            a.add("--custom-weight");
            a.add(k + "=" + v);
        });
        a.add("--rate-neutral");
        a.add(Double.toString(rateNeutral));
        a.add("--rate-per-point");
        a.add(Double.toString(ratePerPoint));
        a.add("--line-quantity-cap");
        a.add(Integer.toString(LINE_QUANTITY_CAP));
        return a;
    }
}
