package org.shoptide.elt.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Orders models so each runs after its dependencies (Kahn's topological sort; ties by name, so the order is
 * deterministic). A dependency that is neither a model nor an input, a duplicate name, or a cycle is an error that
 * names the models involved.
 */
public final class ModelGraph {
    private ModelGraph() {
    }

    public static List<SqlModel> order(List<SqlModel> models, Set<String> inputs) {
        Map<String, SqlModel> byName = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        for (SqlModel m : models) {
            if (byName.put(m.name(), m) != null) {
                errors.add("two models are named '" + m.name() + "'");
            }
            if (inputs.contains(m.name())) {
                errors.add("model '" + m.name() + "' has the name of an input");
            }
        }
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (SqlModel m : byName.values()) {
            indegree.put(m.name(), 0);
        }
        for (SqlModel m : byName.values()) {
            for (String d : m.depends()) {
                if (byName.containsKey(d)) {
                    indegree.merge(m.name(), 1, Integer::sum);
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(m.name());
                } else if (!inputs.contains(d)) {
                    errors.add("model '" + m.name() + "' depends on '" + d + "', which is neither a model nor an input "
                            + new TreeSet<>(inputs));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        TreeSet<String> ready = new TreeSet<>();
        indegree.forEach((k, v) -> {
            if (v == 0) {
                ready.add(k);
            }
        });
        List<SqlModel> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            String n = ready.pollFirst();
            out.add(byName.get(n));
            for (String d : dependents.getOrDefault(n, List.of())) {
                if (indegree.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (out.size() < byName.size()) {
            TreeSet<String> stuck = new TreeSet<>();
            indegree.forEach((k, v) -> {
                if (v > 0) {
                    stuck.add(k);
                }
            });
            throw new IllegalArgumentException("models depend on each other in a cycle: " + stuck);
        }
        return out;
    }
}
