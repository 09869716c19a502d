package org.shoptide.onnx;

import java.util.Locale;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shoptide.ltr.LtrFeatures;

/**
 * The feature contract of a shop's own ONNX model (docs/ONNX-MODELS.md, ADR 0034). Inputs, by name:
 * <ul>
 * <li>{@code history}, int64, {@code [H]} or {@code [1, H]}: the user's recent items as indexes of the model's item
 * table, oldest first and most recent last; at least one element (a user without known items gets {@code [-1]}); a
 * fixed {@code H} is left-padded with {@link #PAD} or cut to the most recent {@code H}, a symbolic one gets at most
 * {@link #MAX_HISTORY}.
 * <li>{@code candidates}, int64, {@code [C]} with {@code C} symbolic: the items to score, as table indexes.
 * <li>{@code features} (optional), float32, {@code [C, F]} with {@code F} = {@link #FEATURES}'s size (or symbolic): the
 * engine's per-candidate features in the order of the learning-to-rank re-ranker ({@link LtrFeatures#NAMES}); NaN is
 * "unknown".
 * </ul>
 * Output {@code scores}, float32, {@code [C]}: higher is better. No other inputs may be declared; other outputs are
 * ignored.
 */
public final class OnnxContract {
    public static final String HISTORY = "history";
    public static final String CANDIDATES = "candidates";
    public static final String FEATURES_INPUT = "features";
    public static final String SCORES = "scores";
    /** The history padding value. */
    public static final long PAD = -1;
    /** The longest history given to a model with a symbolic history length. */
    public static final int MAX_HISTORY = 50;
    public static final List<String> FEATURES = LtrFeatures.NAMES;

    /**
     * What a validated model declares.
     *
     * @param historyBatched
     *            whether {@code history} is {@code [1, H]}
     * @param historyLength
     *            the fixed {@code H}, or -1 when symbolic
     * @param features
     *            whether the model reads {@code features}
     */
    public record Shape(boolean historyBatched, int historyLength, boolean features) {
        /** The history length given for a user with {@code known} items. */
        int lengthFor(int known) {
            return historyLength > 0 ? historyLength : Math.max(1, Math.min(known, MAX_HISTORY));
        }
    }

    private OnnxContract() {
    }

    /**
     * Checks the declared inputs and outputs against the contract.
     *
     * @param problems
     *            receives one message per violation
     *
     * @return the shape, or null when {@code problems} got any
     */
    static Shape check(Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs, List<String> problems) {
        int before = problems.size();
        for (String name : inputs.keySet()) {
            if (!Set.of(HISTORY, CANDIDATES, FEATURES_INPUT).contains(name)) {
                problems.add("input '" + name + "' is not part of the contract (history, candidates, features)");
            }
        }
        long[] history = tensor(inputs, HISTORY, OnnxJavaType.INT64, "input", problems);
        boolean batched = false;
        int length = -1;
        if (history != null) {
            if (history.length == 2 && history[0] > 1) {
                problems.add("input 'history' must be [H] or [1, H], is " + Arrays.toString(history));
            } else if (history.length != 1 && history.length != 2) {
                problems.add("input 'history' must have rank 1 ([H]) or 2 ([1, H]), has rank " + history.length);
            } else {
                batched = history.length == 2;
                length = (int) Math.min(Integer.MAX_VALUE, history[history.length - 1]);
                if (length == 0) {
                    problems.add("input 'history' has a fixed length of 0");
                }
            }
        }
        long[] candidates = tensor(inputs, CANDIDATES, OnnxJavaType.INT64, "input", problems);
        if (candidates != null && (candidates.length != 1 || candidates[0] >= 0)) {
            problems.add("input 'candidates' must be [C] with C symbolic (any number of candidates), is "
                    + Arrays.toString(candidates));
        }
        boolean features = inputs.containsKey(FEATURES_INPUT);
        if (features) {
            long[] f = tensor(inputs, FEATURES_INPUT, OnnxJavaType.FLOAT, "input", problems);
            if (f != null && (f.length != 2 || f[0] >= 0 || (f[1] >= 0 && f[1] != FEATURES.size()))) {
                problems.add(
                        "input 'features' must be [C, " + FEATURES.size() + "] (C symbolic), is " + Arrays.toString(f));
            }
        }
        long[] scores = tensor(outputs, SCORES, OnnxJavaType.FLOAT, "output", problems);
        if (scores != null && (scores.length != 1 || scores[0] > 0)) {
            problems.add("output 'scores' must be [C] (one score per candidate), is " + Arrays.toString(scores));
        }
        return problems.size() == before ? new Shape(batched, length, features) : null;
    }

    private static long[] tensor(Map<String, NodeInfo> infos, String name, OnnxJavaType type, String what,
            List<String> problems) {
        NodeInfo n = infos.get(name);
        if (n == null) {
            problems.add("the model has no " + what + " '" + name + "' (" + what + "s: "
                    + new ArrayList<>(infos.keySet()) + ")");
            return null;
        }
        if (!(n.getInfo() instanceof TensorInfo t)) {
            problems.add(what + " '" + name + "' must be a tensor, is " + n.getInfo());
            return null;
        }
        if (t.type != type) {
            problems.add(what + " '" + name + "' must be " + (type == OnnxJavaType.INT64 ? "int64" : "float32")
                    + ", is " + t.type.name().toLowerCase(Locale.ROOT));
            return null;
        }
        return t.getShape();
    }
}
