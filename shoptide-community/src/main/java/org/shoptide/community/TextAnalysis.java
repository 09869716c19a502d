package org.shoptide.community;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
    /** Analysed (stemmed) forms of pronouns and fillers, per language, on top of the analysers' own stop words. */
    private static final Map<Language, Set<String>> EXTRA_STOP = Map
            .of(Language.EN,
                    Set.of("our", "we", "us", "my", "me", "your", "you", "just", "veri", "also", "realli", "want",
                            "would", "could", "get", "got", "i'm", "we'r", "it'", "thing", "much", "mani", "like"),
                    Language.RU,
                    Set.of("наш", "мы", "мо", "мне", "ваш", "вы", "тольк", "очен", "хоч", "хот", "можн", "ещ", "все",
                            "всё", "это", "так", "как", "вот", "тож", "просто"),
                    Language.ZH, Set.of("我们", "你们", "他们", "她们", "正在", "一个", "这个", "那个", "已经", "就是", "可以", "觉得", "什么",
                            "非常", "自己", "还是", "没有", "因为", "所以", "但是"));

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
        Set<String> stop = EXTRA_STOP.get(language);
        for (String t : analyzers.terms(language, text)) {
            if (t.codePointCount(0, t.length()) >= 2 && !t.chars().allMatch(Character::isDigit) && t.indexOf(' ') < 0
                    && !stop.contains(t)) {
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
