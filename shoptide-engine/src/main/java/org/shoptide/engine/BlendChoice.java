package org.shoptide.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "for you" blend a training chose for its shop ({@link BlendTuning}), stored in the model's metadata so that it
 * travels with the model (every node serving the version serves the same blend) and shows in the models API and the
 * dashboard. Format, all strings:
 * <ul>
 * <li>{@code blend.choice}: {@code blend} (a mix won on the hold-out), or {@code single:<source>} (no mix beat the best
 * single source, which serves alone);
 * <li>{@code blend.weights}: the user scenario's source weights, {@code source=weight} comma-separated, sorted by
 * source; a source not named has weight 0 (off);
 * <li>{@code blend.itemModels}: the item-to-item models trained and served ({@code -} for none).
 * </ul>
 * The hold-out metrics written next to them ({@code blend.*}) are reported, not read back.
 */
record BlendChoice(String choice, Map<String, Double> weights, List<String> itemModels) {
    static final String CHOICE = "blend.choice";
    static final String WEIGHTS = "blend.weights";
    static final String ITEM_MODELS = "blend.itemModels";

    BlendChoice {
        weights = Collections.unmodifiableMap(new TreeMap<>(weights));
        itemModels = List.copyOf(itemModels);
    }

    /** The choice stored in a model's metadata, or null when the training chose none (configured weights serve). */
    static BlendChoice fromMetadata(Map<String, String> meta) {
        String choice = meta.get(CHOICE);
        String w = meta.get(WEIGHTS);
        if (choice == null || w == null) {
            return null;
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (String part : w.split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                try {
                    double v = Double.parseDouble(part.substring(eq + 1).strip());
                    if (v > 0 && Double.isFinite(v)) {
                        weights.put(part.substring(0, eq).strip(), v);
                    }
                } catch (NumberFormatException e) {
                    return null; // not written by this version: serve the configured weights
                }
            }
        }
        String im = meta.getOrDefault(ITEM_MODELS, "-");
        List<String> models = new ArrayList<>();
        if (!im.equals("-")) {
            for (String m : im.split(",")) {
                if (!m.isBlank()) {
                    models.add(m.strip());
                }
            }
        }
        return weights.isEmpty() ? null : new BlendChoice(choice, weights, models);
    }

    /** The user scenario's weight of a source (0 when off). */
    double weight(String source) {
        return weights.getOrDefault(source, 0.0);
    }

    /** The three keys of the class comment. */
    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CHOICE, choice);
        List<String> parts = new ArrayList<>();
        weights.forEach((s, v) -> parts.add(s + "=" + format(v)));
        m.put(WEIGHTS, String.join(",", parts));
        m.put(ITEM_MODELS, itemModels.isEmpty() ? "-" : String.join(",", itemModels));
        return m;
    }

    static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4g", v);
    }
}
