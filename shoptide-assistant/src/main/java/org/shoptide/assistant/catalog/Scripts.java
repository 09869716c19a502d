package org.shoptide.assistant.catalog;

import org.shoptide.assistant.nlu.Language;

/**
 * The language a catalog field is written in, by its script: any Han character makes it Chinese (smartcn also keeps the
 * Latin words of mixed titles), more Cyrillic than Latin letters Russian, anything else English. Catalog fields are
 * short and single-script in practice, so counting scripts is enough and costs nothing.
 */
public final class Scripts {
    private Scripts() {
    }

    /** The language of a text by its script. */
    public static Language languageOf(CharSequence text) {
        int cyrillic = 0;
        int latin = 0;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            Character.UnicodeScript script = Character.UnicodeScript.of(ch);
            if (script == Character.UnicodeScript.HAN) {
                return Language.ZH;
            } else if (script == Character.UnicodeScript.CYRILLIC) {
                cyrillic++;
            } else if (script == Character.UnicodeScript.LATIN) {
                latin++;
            }
        }
        return cyrillic > 0 && cyrillic >= latin ? Language.RU : Language.EN;
    }

    /** True when the text has Latin letters only (brand names, English words): worth searching in every field. */
    public static boolean latinOnly(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            Character.UnicodeScript script = Character.UnicodeScript.of(text.charAt(i));
            if (script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.CYRILLIC) {
                return false;
            }
        }
        return true;
    }
}
