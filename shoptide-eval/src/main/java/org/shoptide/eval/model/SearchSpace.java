package org.shoptide.eval.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The hyper-parameter values the tuner may try per model: each parameter has a short list of candidate values (a grid),
 * chosen around the registry's defaults and the ranges the models' papers explore. A random search draws each parameter
 * uniformly from its list (Bergstra &amp; Bengio 2012: random search covers the few parameters that matter better than
 * a grid of the same size). Trial 1 is always the defaults; later trials are distinct draws.
 */
public final class SearchSpace {
    private static final Map<String, Map<String, List<String>>> SPACES = new LinkedHashMap<>();

    static {
        SPACES.put("popular", Map.of());
        SPACES.put("itemknn", space("k", "20,50,100,200,400,800", "shrink", "0,1,10,50,100"));
        SPACES.put("cooccurrence", space("maxNeighbors", "20,50,100,200", "minLlr", "0,3.84,6.63,10.83", "gamma",
                "0.5,0.7,0.8,0.9,1", "window", "1,3,5,10,20,50"));
        SPACES.put("als", space("rank", "32,64,128", "iterations", "10,15", "lambda", "0.05,0.1,0.5,1,2,5", "alpha",
                "0.05,0.1,0.25,0.5,1,2,5,10,20", "regExponent", "0,0.5,1"));
        SPACES.put("ease", space("lambda", "50,100,200,500,1000,2000,5000"));
        SPACES.put("transitions", space("steps", "1,2,3,5,8", "topK", "50,100,200,500", "gamma", "0.3,0.5,0.7,0.9",
                "window", "1,2,3,5,10"));
        SPACES.put("seqlinear", space("lambda", "10,50,100,200,500", "alpha", "0,0.25,0.5,0.75,1", "gamma",
                "0.3,0.5,0.7,0.9", "window", "5,10,20"));
        // the blend's weights of the user scenario; which item models it trains is a --param, not searched
        SPACES.put(EngineBlend.NAME, space("w.als", "0,0.5,1,2", "w.cooccurrence", "0,0.5,1", "w.session", "0,0.6,1.2",
                "w.transitions", "0.5,1,2,4", "w.popular", "0,0.05,0.2"));
    }

    private static Map<String, List<String>> space(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], List.of(kv[i + 1].split(",")));
        }
        return m;
    }

    private SearchSpace() {
    }

    /** The candidate values per parameter of a model (empty: nothing to tune). */
    public static Map<String, List<String>> of(String model) {
        return SPACES.getOrDefault(model, Map.of());
    }

    /**
     * The parameter sets of {@code trials} trials: the defaults first, then distinct random draws from the space with a
     * generator seeded by {@code seed} and the model name. Fewer trials come back when the space is exhausted.
     * {@code fixed} values (from the command line) override both defaults and draws, and their parameters are not
     * searched.
     */
    public static List<Map<String, String>> trials(String model, Map<String, String> defaults,
            Map<String, String> fixed, int trials, long seed) {
        Map<String, List<String>> space = new LinkedHashMap<>(of(model));
        space.keySet().removeAll(fixed.keySet());
        for (String key : space.keySet()) {
            if (!defaults.containsKey(key)) {
                throw new IllegalStateException("search space of '" + model + "' names '" + key
                        + "', which the model does not have; known: " + defaults.keySet());
            }
        }
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> first = new LinkedHashMap<>(defaults);
        first.putAll(fixed);
        out.add(first);
        long size = 1;
        for (List<String> values : space.values()) {
            size = Math.min(1_000_000, size * values.size());
        }
        Set<Map<String, String>> seen = new HashSet<>(out);
        SplittableRandom rnd = new SplittableRandom(seed ^ (long) model.hashCode() * 0x9E3779B97F4A7C15L);
        int attempts = 0;
        while (out.size() < trials && attempts < 100 * trials && seen.size() < size + 1) {
            attempts++;
            Map<String, String> p = new LinkedHashMap<>(first);
            space.forEach((k, values) -> p.put(k, values.get(rnd.nextInt(values.size()))));
            if (seen.add(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
