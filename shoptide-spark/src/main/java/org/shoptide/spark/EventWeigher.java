package org.shoptide.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Turns one lake row (format {@code docs/formats/lake-events.md}) into weighted (subject, item) observations by the
 * rules of the engine's training replay ({@code ShopTraining}, {@code EventWeights}): the subject is the user id, else
 * the user the anonymous id was merged into (from {@code aliases}), else the anonymous id; a purchase or refund yields
 * one observation per line item weighing the type's weight times min(cap, quantity) (also when that is 0, as the engine
 * does); a rating weighs (value − neutral) · perPoint; a custom event its custom weight; any other event with an item
 * its type's weight, skipped when 0. A plain serializable class (Spark ships it to executors).
 */
final class EventWeigher implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Columns the weigher reads, in this order. */
    static final String[] COLUMNS = { "event_type", "custom_type", "user_id", "anonymous_id", "item_id", "value",
            "line_items" };

    private final HashMap<String, Double> weights;
    private final HashMap<String, Double> customWeights;
    private final HashMap<String, String> aliases;
    private final double rateNeutral;
    private final double ratePerPoint;
    private final int lineQuantityCap;

    EventWeigher(Map<String, Double> weights, Map<String, Double> customWeights, Map<String, String> aliases,
            double rateNeutral, double ratePerPoint, int lineQuantityCap) {
        this.weights = new HashMap<>(weights);
        this.customWeights = new HashMap<>(customWeights);
        this.aliases = new HashMap<>(aliases);
        this.rateNeutral = rateNeutral;
        this.ratePerPoint = ratePerPoint;
        this.lineQuantityCap = lineQuantityCap;
    }

    /** Observations {@code (subject STRING, item STRING, weight DOUBLE)} of a row with {@link #COLUMNS}. */
    List<Row> observations(Row r) {
        String type = r.getString(0);
        String subject = r.isNullAt(2) ? null : r.getString(2);
        if (subject == null && !r.isNullAt(3)) {
            String anonymous = r.getString(3);
            subject = aliases.getOrDefault(anonymous, anonymous);
        }
        List<Row> out = new ArrayList<>(1);
        if (subject == null || type == null) {
            return out;
        }
        if (type.equals("purchase") || type.equals("refund")) {
            double w = weights.getOrDefault(type, 0.0);
            if (r.isNullAt(6)) {
                return out;
            }
            List<Row> lines = r.getList(6);
            for (Row line : lines) {
                // line struct: item_id, price, quantity, currency
                if (line.isNullAt(0) || line.isNullAt(2)) {
                    continue;
                }
                out.add(RowFactory.create(subject, line.getString(0), w * Math.min(lineQuantityCap, line.getInt(2))));
            }
            return out;
        }
        if (r.isNullAt(4)) {
            return out;
        }
        double w;
        if (type.equals("rate")) {
            w = r.isNullAt(5) ? 0 : (r.getDouble(5) - rateNeutral) * ratePerPoint;
        } else if (type.equals("custom")) {
            w = r.isNullAt(1) ? 0 : customWeights.getOrDefault(r.getString(1), 0.0);
        } else {
            w = weights.getOrDefault(type, 0.0);
        }
        if (w != 0) {
            out.add(RowFactory.create(subject, r.getString(4), w));
        }
        return out;
    }
}
