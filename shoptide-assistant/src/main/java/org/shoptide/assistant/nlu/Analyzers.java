package org.shoptide.assistant.nlu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * One Lucene analyzer per language, shared by the intent parser and the catalog's lexical index so that a message and
 * the catalog are cut into the same terms: Chinese by smartcn's hidden-Markov-model word segmentation, Russian by the
 * Snowball Russian stemmer, English by the Porter stemmer (each with its stop words). Thread-safe: Lucene analyzers
 * keep their token streams per thread.
 */
public final class Analyzers implements AutoCloseable {
    private final Map<Language, Analyzer> byLanguage = new EnumMap<>(Language.class);

    public Analyzers() {
        byLanguage.put(Language.EN, new EnglishAnalyzer());
        byLanguage.put(Language.ZH, new SmartChineseAnalyzer());
        byLanguage.put(Language.RU, new RussianAnalyzer());
    }

    /** The analyzer of a language, for indexing a field written in it. */
    public Analyzer analyzer(Language language) {
        return byLanguage.get(language);
    }

    /** The terms a text becomes in a language (stemmed, stop words removed, lower case). */
    public List<String> terms(Language language, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = byLanguage.get(language).tokenStream("", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            // a StringReader never fails
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public void close() {
        byLanguage.values().forEach(Analyzer::close);
    }
}
