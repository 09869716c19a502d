package org.shoptide.assistant.nlu;

import java.util.Locale;

/** Languages the assistant understands and answers in. Wire names are ISO 639-1 codes. */
public enum Language {
    EN, ZH, RU;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
