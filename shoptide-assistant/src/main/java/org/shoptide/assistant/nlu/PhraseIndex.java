package org.shoptide.assistant.nlu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trie of phrases over token keys (see {@link Tokenizer}), each phrase carrying the {@link Term}s it means. Built
 * once, then read-only and safe to share between threads.
 */
final class PhraseIndex {
    private final Node root = new Node();

    private static final class Node {
        final Map<String, Node> next = new HashMap<>(4);
        final List<Term> terms = new ArrayList<>(1);
    }

    /** Adds a phrase (its token keys) meaning a term; a phrase with no tokens is ignored. */
    void add(List<String> keys, Term term) {
        if (keys.isEmpty()) {
            return;
        }
        Node node = root;
        for (String key : keys) {
            node = node.next.computeIfAbsent(key, k -> new Node());
        }
        if (!node.terms.contains(term)) {
            node.terms.add(term);
        }
    }

    /**
     * The longest phrase starting at token {@code from} that does not reach a blocked token.
     *
     * @return the end (exclusive token index) of the longest phrase, or {@code from} when none starts there; its terms
     *         are added to {@code out}
     */
    int longest(List<Token> tokens, int from, boolean[] blocked, List<Term> out) {
        Node node = root;
        int best = from;
        List<Term> bestTerms = List.of();
        for (int i = from; i < tokens.size() && !blocked[i]; i++) {
            node = node.next.get(tokens.get(i).key());
            if (node == null) {
                break;
            }
            if (!node.terms.isEmpty()) {
                best = i + 1;
                bestTerms = node.terms;
            }
        }
        out.addAll(bestTerms);
        return best;
    }

    /** The terms of a phrase that is exactly the given keys. */
    List<Term> exact(List<String> keys) {
        Node node = root;
        for (String key : keys) {
            node = node.next.get(key);
            if (node == null) {
                return List.of();
            }
        }
        return List.copyOf(node.terms);
    }
}
