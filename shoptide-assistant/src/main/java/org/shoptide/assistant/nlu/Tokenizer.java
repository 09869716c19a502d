package org.shoptide.assistant.nlu;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.RussianStemmer;

/**
 * Normalises a text and cuts it into {@link Token}s, the same way for lexicon phrases and customer messages so that
 * they match: NFKC (full-width digits and punctuation become ASCII), lower case, ё → е; Latin words lose their plural
 * ending (Harman's S-stemmer, the rule of Lucene's EnglishMinimalStemmer, which is not public: Porter would make
 * "bedding" a "bed"), Cyrillic words by Snowball Russian, so that inflected forms meet ("кроссовок", "кроссовки");
 * every Han character is a token of its own (phrases are matched character by character, so no segmenter is needed to
 * find a lexicon phrase). Apostrophes, hyphens and every other mark separate words. Stateless; stemmers are created per
 * call (they are not thread-safe and cost a few objects).
 */
final class Tokenizer {
    private Tokenizer() {
    }

    /** The normalised form every offset refers to. */
    static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).replace('ё', 'е');
    }

    /** Tokens of an already normalised text. */
    static List<Token> tokens(String norm) {
        List<Token> out = new ArrayList<>();
        SnowballStemmer russian = null;
        int i = 0;
        int n = norm.length();
        while (i < n) {
            char c = norm.charAt(i);
            Token.Script script = scriptOf(c);
            if (script == null) {
                i++;
                continue;
            }
            if (script == Token.Script.HAN) {
                out.add(new Token(i, i + 1, String.valueOf(c), String.valueOf(c), script));
                i++;
                continue;
            }
            int start = i;
            while (i < n && scriptOf(norm.charAt(i)) == script) {
                i++;
            }
            String raw = norm.substring(start, i);
            String key = raw;
            if (script == Token.Script.LATIN && raw.length() > 2) {
                key = singular(raw);
            } else if (script == Token.Script.CYRILLIC && raw.length() > 2) {
                russian = russian == null ? new RussianStemmer() : russian;
                key = stem(russian, raw);
            }
            out.add(new Token(start, i, raw, key, script));
        }
        return out;
    }

    /** The keys of a normalised phrase, for building a phrase index. */
    static List<String> keys(String phrase) {
        return tokens(normalize(phrase)).stream().map(Token::key).toList();
    }

    /** Harman's S-stemmer (1991): -ies → -y, -es → -e (not -aes, -ees, -oes), -s → (not -us, -ss). */
    static String singular(String w) {
        int n = w.length();
        if (n < 3 || w.charAt(n - 1) != 's') {
            return w;
        }
        char c = w.charAt(n - 2);
        if (w.endsWith("ies") && n > 3 && w.charAt(n - 4) != 'e' && w.charAt(n - 4) != 'a') {
            return w.substring(0, n - 3) + "y";
        }
        if (w.endsWith("es") && n > 3 && "aeo".indexOf(w.charAt(n - 3)) < 0) {
            return w.substring(0, n - 1);
        }
        return c == 'u' || c == 's' ? w : w.substring(0, n - 1);
    }

    private static String stem(SnowballStemmer stemmer, String word) {
        stemmer.setCurrent(word);
        stemmer.stem();
        return stemmer.getCurrent();
    }

    static Token.Script scriptOf(char c) {
        if (c >= 'a' && c <= 'z') {
            return Token.Script.LATIN;
        }
        if (c >= '0' && c <= '9') {
            return Token.Script.DIGITS;
        }
        if ((c >= 'а' && c <= 'я') || c == 'ё' || c == 'і' || c == 'ї' || c == 'є') {
            return Token.Script.CYRILLIC;
        }
        if (Character.isLetter(c)) {
            Character.UnicodeScript s = Character.UnicodeScript.of(c);
            if (s == Character.UnicodeScript.HAN) {
                return Token.Script.HAN;
            }
            if (s == Character.UnicodeScript.LATIN) {
                return Token.Script.LATIN;
            }
            if (s == Character.UnicodeScript.CYRILLIC) {
                return Token.Script.CYRILLIC;
            }
        }
        return null;
    }
}
