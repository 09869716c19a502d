package org.shoptide.assistant.nlu;

/**
 * One matchable unit of a normalised message: a Latin or Cyrillic word, a run of digits, or a single Han character.
 *
 * @param start
 *            offset of the first character in the normalised text
 * @param end
 *            offset after the last character
 * @param raw
 *            the text as written (lower case)
 * @param key
 *            what phrases are matched on: the Snowball stem of a word, the digits, the Han character
 * @param script
 *            the kind of token
 */
record Token(int start, int end, String raw, String key, Script script) {

    enum Script {
        LATIN, CYRILLIC, DIGITS, HAN
    }

    Token withKey(String newKey) {
        return new Token(start, end, raw, newKey, script);
    }
}
