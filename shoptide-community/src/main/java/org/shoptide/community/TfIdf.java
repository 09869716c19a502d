package org.shoptide.community;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * TF-IDF term weights (Salton and Buckley, "Term-weighting approaches in automatic text retrieval", 1988) with the
 * smoothed inverse document frequency idf(t) = ln((1 + N) / (1 + df(t))) + 1 (as in scikit-learn), so a term every
 * document has still weighs a little and an unseen term does not divide by zero; tf is the raw count, normalised by the
 * document's length so long posts do not dominate.
 */
public final class TfIdf {
    private TfIdf() {
    }

    /** A term and its weight. */
    public record Weighted(String term, double weight) {
    }

    /**
     * The {@code n} heaviest terms of a document, heaviest first (ties by term).
     *
     * @param terms
     *            the document's terms with repetitions
     * @param documents
     *            N, the corpus size
     * @param df
     *            a term's document frequency in the corpus
     */
    public static List<Weighted> top(List<String> terms, int documents, ToIntFunction<String> df, int n) {
        Map<String, Integer> tf = new LinkedHashMap<>();
        for (String t : terms) {
            tf.merge(t, 1, Integer::sum);
        }
        List<Weighted> out = new ArrayList<>(tf.size());
        double length = Math.max(1, terms.size());
        for (Map.Entry<String, Integer> e : tf.entrySet()) {
            int d = Math.min(documents, Math.max(0, df.applyAsInt(e.getKey())));
            double idf = Math.log((1.0 + documents) / (1.0 + d)) + 1;
            out.add(new Weighted(e.getKey(), e.getValue() / length * idf));
        }
        out.sort(Comparator.comparingDouble(Weighted::weight).reversed().thenComparing(Weighted::term));
        return out.size() > n ? List.copyOf(out.subList(0, n)) : List.copyOf(out);
    }
}
