package org.shoptide.engine.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties of an {@code impression} event: what exposure logging writes for every answer it logs
 * ({@code source=server}) and what attribution, experiments and learning to rank read back. One codec for writer and
 * readers; the wire format is {@code docs/formats/impression-properties.md} (all values are strings; lists are aligned
 * with the event's shown items, in shown order).
 * <p>
 * Reading is lenient: an absent or malformed field reads as null (lists: empty; numbers in a list: NaN), and the
 * {@code …Aligned} accessors treat a list that does not have one entry per shown item as absent. Unknown properties are
 * ignored, so fields can be added without breaking older readers.
 *
 * @param source
 *            {@value #SERVER} for exposures logged by the engine; anything else (usually null) for client impressions
 * @param unit
 *            the experiment unit (user id, else visitor id), or null
 * @param model
 *            the variant's model ({@code blend} or one source name)
 * @param modelVersion
 *            the served model's version, or null
 * @param ruleVersion
 *            the shop's rule set version, or null
 * @param experiment
 *            the running experiment's id, or null
 * @param variant
 *            the experiment variant's name, or null
 * @param scores
 *            per shown item, the blended score
 * @param sources
 *            per shown item, the source that contributed most (null entries where none)
 * @param sourceNames
 *            the columns of {@code sourceScores}, sorted
 * @param sourceScores
 *            per shown item, each source's normalised score (sources that did not propose the item are missing)
 * @param explorationRate
 *            the exploration rate in force, or null when exploration was off
 * @param explored
 *            whether exploration changed the answer
 * @param propensities
 *            per shown item, the probability of being shown at its position (exploration only)
 */
public record ImpressionProperties(String source, String unit, String model, Long modelVersion, Integer ruleVersion,
        String experiment, String variant, List<Double> scores, List<String> sources, List<String> sourceNames,
        List<Map<String, Double>> sourceScores, Double explorationRate, boolean explored, List<Double> propensities) {

    /** The {@code source} of exposures the engine logs. */
    public static final String SERVER = "server";

    public ImpressionProperties {
        scores = scores == null ? List.of() : List.copyOf(scores);
        sources = sources == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(sources));
        sourceNames = sourceNames == null ? List.of() : List.copyOf(sourceNames);
        sourceScores = sourceScores == null ? List.of() : List.copyOf(sourceScores);
        propensities = propensities == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(propensities));
    }

    /** True for an exposure logged by the engine. */
    public boolean server() {
        return SERVER.equals(source);
    }

    /** The properties map of an impression event (only the fields that are set). */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        put(p, "source", source);
        put(p, "unit", unit);
        put(p, "model", model);
        put(p, "modelVersion", modelVersion == null ? null : modelVersion.toString());
        put(p, "ruleVersion", ruleVersion == null ? null : ruleVersion.toString());
        put(p, "experiment", experiment);
        put(p, "variant", variant);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < scores.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(compact(scores.get(i)));
        }
        p.put("scores", sb.toString());
        sb.setLength(0);
        for (int i = 0; i < sources.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(sources.get(i));
        }
        p.put("sources", sb.toString());
        p.put("sourceNames", String.join(",", sourceNames));
        sb.setLength(0);
        for (int i = 0; i < sourceScores.size(); i++) {
            sb.append(i == 0 ? "" : ";");
            for (int c = 0; c < sourceNames.size(); c++) {
                Double f = sourceScores.get(i).get(sourceNames.get(c));
                sb.append(c == 0 ? "" : ",").append(f == null ? "" : compact(f));
            }
        }
        p.put("sourceScores", sb.toString());
        if (explorationRate != null) {
            p.put("explorationRate", Double.toString(explorationRate));
            p.put("explored", Boolean.toString(explored));
            sb.setLength(0);
            for (int i = 0; i < propensities.size(); i++) {
                Double d = propensities.get(i);
                sb.append(i == 0 ? "" : ",").append(d == null ? "" : d.toString());
            }
            p.put("propensities", sb.toString());
        }
        return p;
    }

    /** Reads the properties of an impression event (see the class comment for what is lenient). */
    public static ImpressionProperties parse(Map<String, String> p) {
        List<String> names = split(p.get("sourceNames"), ",");
        List<Map<String, Double>> perItem = new ArrayList<>();
        String table = p.get("sourceScores");
        if (table != null && p.get("sourceNames") != null) {
            for (String row : table.split(";", -1)) {
                String[] values = row.split(",", -1);
                Map<String, Double> m = new HashMap<>();
                for (int c = 0; c < names.size() && c < values.length; c++) {
                    if (!values[c].isEmpty()) {
                        m.put(names.get(c), number(values[c], 0));
                    }
                }
                perItem.add(m);
            }
        }
        List<String> sources = new ArrayList<>();
        for (String s : split(p.get("sources"), ",")) {
            sources.add(s.isEmpty() || s.equals("null") ? null : s);
        }
        return read(p, numbers(p.get("scores")), sources, names, perItem);
    }

    /**
     * Reads what attribution and experiment counting use: every field but the per-item scores, sources and source
     * scores (read back as empty). The log projection reads every logged answer, on the path a durable exposure waits
     * for, so it skips decoding what it does not use.
     */
    public static ImpressionProperties parseForAttribution(Map<String, String> p) {
        return read(p, null, null, null, null);
    }

    private static ImpressionProperties read(Map<String, String> p, List<Double> scores, List<String> sources,
            List<String> names, List<Map<String, Double>> perItem) {
        String rate = p.get("explorationRate");
        return new ImpressionProperties(p.get("source"), p.get("unit"), p.get("model"),
                longOrNull(p.get("modelVersion")), intOrNull(p.get("ruleVersion")), p.get("experiment"),
                p.get("variant"), scores, sources, names, perItem, rate == null ? null : number(rate, 0),
                Boolean.parseBoolean(p.get("explored")), numbers(p.get("propensities")));
    }

    /** The scores, one per shown item; all NaN when absent or misaligned. */
    public double[] scoresAligned(int n) {
        return aligned(scores, n);
    }

    /** The propensities, one per shown item; all NaN when absent or misaligned. */
    public double[] propensitiesAligned(int n) {
        return aligned(propensities, n);
    }

    /** The sources, one per shown item (null entries where none); null when absent or misaligned. */
    public String[] sourcesAligned(int n) {
        return sources.size() == n ? sources.toArray(new String[0]) : null;
    }

    /** The per-source scores, one map per shown item; null when absent or misaligned. */
    public List<Map<String, Double>> sourceScoresAligned(int n) {
        return sourceScores.size() == n ? sourceScores : null;
    }

    /** A score with at most four decimals and no trailing zeros (every answer's scores are logged); 0 if not finite. */
    public static String compact(double x) {
        if (!Double.isFinite(x)) {
            return "0";
        }
        return BigDecimal.valueOf(Math.round(x * 1e4), 4).stripTrailingZeros().toPlainString();
    }

    private static double[] aligned(List<Double> values, int n) {
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        if (values.size() == n) {
            for (int i = 0; i < n; i++) {
                Double v = values.get(i);
                out[i] = v == null ? Double.NaN : v;
            }
        }
        return out;
    }

    private static void put(Map<String, String> p, String key, String value) {
        if (value != null) {
            p.put(key, value);
        }
    }

    private static List<String> split(String text, String separator) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split(separator, -1));
    }

    private static List<Double> numbers(String text) {
        List<Double> out = new ArrayList<>();
        for (String s : split(text, ",")) {
            out.add(number(s, Double.NaN));
        }
        return out;
    }

    private static double number(String s, double fallback) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Long longOrNull(String s) {
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer intOrNull(String s) {
        try {
            return s == null ? null : Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
