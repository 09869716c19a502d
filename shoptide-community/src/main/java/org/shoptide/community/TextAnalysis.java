package org.shoptide.community;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import org.shoptide.assistant.nlu.Analyzers;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.LanguageDetector;

/**
 * Cuts what customers write into terms, the same way for posts, search queries and catalog text, by reusing the
 * assistant's per-language Lucene analysers (ADR 0019): English by Porter with English stop words, Chinese by smartcn's
 * word segmentation, Russian by Snowball Russian with Russian stop words; the language from the assistant's
 * script-based detector. Terms shorter than two characters (single Han function characters such as 的, 我) and pure
 * numbers are dropped: they carry no topic. Thread-safe.
 */
public final class TextAnalysis implements AutoCloseable {
    private final Analyzers analyzers = new Analyzers();

    /** A text's language and its terms in order, with repetitions (term frequencies count them). */
    public record Analysed(Language language, List<String> terms) {
        public Analysed {
            Objects.requireNonNull(language, "language");
            terms = List.copyOf(terms);
        }

        /** The terms without repetitions, in first-seen order. */
        public List<String> distinct() {
            return List.copyOf(new LinkedHashSet<>(terms));
        }
    }

    /** Analyses {@code text} in its detected language. */
    public Analysed analyse(String text) {
        return analyse(LanguageDetector.detect(text), text);
    }

    /** Analyses {@code text} in {@code language}. */
    public Analysed analyse(Language language, String text) {
        List<String> out = new ArrayList<>();
        for (String t : analyzers.terms(language, text)) {
            if (t.codePointCount(0, t.length()) >= 2 && !t.chars().allMatch(Character::isDigit) && t.indexOf(' ') < 0) {
                out.add(t);
            }
        }
        return new Analysed(language, out);
    }

    @Override
    public void close() {
        analyzers.close();
    }
}
