package org.shoptide.assistant.nlu;

/**
 * Tells a message's language from the scripts of its letters: Han characters mean Chinese, Cyrillic words Russian,
 * anything else English. Latin words (brand names, models) and digits inside a Chinese or Russian message do not change
 * the answer; when Han and Cyrillic both occur, the one with more content wins (a Han character counts as half a word,
 * since Chinese words are one to three characters long). One pass over the characters, no allocation.
 */
public final class LanguageDetector {
    private LanguageDetector() {
    }

    /** The language of one message; English when it has no Han or Cyrillic letters at all. */
    public static Language detect(String message) {
        int han = 0;
        int cyrillicWords = 0;
        boolean inCyrillicWord = false;
        for (int i = 0; i < message.length();) {
            int cp = message.codePointAt(i);
            i += Character.charCount(cp);
            Character.UnicodeScript script = Character.isLetter(cp) ? Character.UnicodeScript.of(cp) : null;
            if (script == Character.UnicodeScript.HAN) {
                han++;
            }
            boolean cyrillic = script == Character.UnicodeScript.CYRILLIC;
            if (cyrillic && !inCyrillicWord) {
                cyrillicWords++;
            }
            inCyrillicWord = cyrillic;
        }
        if (han == 0 && cyrillicWords == 0) {
            return Language.EN;
        }
        return han >= 2 * cyrillicWords ? Language.ZH : Language.RU;
    }
}
