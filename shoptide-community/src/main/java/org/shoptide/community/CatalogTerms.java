package org.shoptide.community;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shoptide.core.catalog.Item;

/**
 * An inverted index of one shop's catalog text, term → items, built with the same {@link TextAnalysis} as posts so a
 * post's keyword meets the catalog's word: each field (title, category levels, tags, brand) is analysed in its own
 * detected language, so a Chinese title and an English category of one item both count. A category or tag term weighs
 * {@value #CATEGORY_WEIGHT} (it names what the item is), a title or brand term 1. Immutable once built.
 */
public final class CatalogTerms {
    static final double CATEGORY_WEIGHT = 1.5;

    private final Map<String, Map<String, Double>> itemsByTerm;

    private CatalogTerms(Map<String, Map<String, Double>> itemsByTerm) {
        this.itemsByTerm = itemsByTerm;
    }

    /** Indexes the items' text. */
    public static CatalogTerms build(List<Item> items, TextAnalysis analysis) {
        Map<String, Map<String, Double>> byTerm = new HashMap<>();
        for (Item item : items) {
            Map<String, Double> weights = new HashMap<>();
            add(weights, analysis, item.title(), 1);
            add(weights, analysis, item.brand(), 1);
            for (String c : item.categoryPath()) {
                add(weights, analysis, c, CATEGORY_WEIGHT);
            }
            for (String t : item.tags()) {
                add(weights, analysis, t, CATEGORY_WEIGHT);
            }
            weights.forEach((term, w) -> byTerm.computeIfAbsent(term, k -> new HashMap<>()).put(item.id(), w));
        }
        return new CatalogTerms(byTerm);
    }

    private static void add(Map<String, Double> weights, TextAnalysis analysis, String text, double w) {
        if (text == null || text.isBlank()) {
            return;
        }
        for (String term : new LinkedHashSet<>(analysis.analyse(text).terms())) {
            weights.merge(term, w, Math::max);
        }
    }

    /** Whether any item has the term. */
    public boolean knows(String term) {
        return itemsByTerm.containsKey(term);
    }

    /**
     * The {@code k} items that best match weighted keywords: score = Σ over the item's terms of keyword weight × field
     * weight; best first, ties by id.
     */
    public List<String> match(Map<String, Double> keywords, int k) {
        Map<String, Double> score = new HashMap<>();
        keywords.forEach((term, w) -> {
            Map<String, Double> items = itemsByTerm.get(term);
            if (items != null) {
                items.forEach((id, fw) -> score.merge(id, w * fw, Double::sum));
            }
        });
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(score.entrySet());
        ranked.sort(Map.Entry.<String, Double> comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        List<String> out = new ArrayList<>(Math.min(k, ranked.size()));
        for (int i = 0; i < ranked.size() && i < k; i++) {
            out.add(ranked.get(i).getKey());
        }
        return out;
    }

    /** The terms of {@code candidates} that the catalog knows, in order. */
    public List<String> known(Set<String> candidates) {
        return candidates.stream().filter(this::knows).sorted(Comparator.naturalOrder()).toList();
    }
}
