package org.shoptide.assistant.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A language-understanding test set: the vocabulary of a synthetic catalog (one shop currency per language) and
 * messages with the expected intent per field. The shipped one lives under {@code org/shoptide/assistant/eval/}:
 * {@code vocabulary.tsv} (lines {@code currency <lang> <code>}, {@code category <a > b> <localised names>},
 * {@code brand <name>}, {@code synonym <phrase> <target>}), {@code messages.tsv} and {@code dialogs.tsv} (one message a
 * line: language, text, then productType, minPrice, maxPrice, currency, brands, excludedBrands, sort, feedback,
 * refinement; prices in major units, several brands separated by {@code |}, empty for absent; dialogs prefix each line
 * with the dialog id and the turn number).
 *
 * @param shops
 *            the catalog's vocabulary as seen by a customer writing in each language
 * @param cases
 *            single messages
 * @param dialogs
 *            turns of multi-turn dialogs, in order (each parsed on its own here; the dialog manager merges them)
 */
public record TestSet(Map<Language, ShopVocabulary> shops, List<Case> cases, List<Case> dialogs) {
    private static final String BASE = "/org/shoptide/assistant/eval/";

    /**
     * One message and what it should parse to.
     *
     * @param dialog
     *            dialog id and turn ("en-1#2"), or null for a single message
     * @param language
     *            the language the message is written in
     * @param message
     *            the text
     * @param expected
     *            field name → expected value as written in the file (empty when absent)
     */
    public record Case(String dialog, Language language, String message, Map<String, String> expected) {
    }

    /** The expected fields, in file order. */
    public static final List<String> FIELDS = List.of("productType", "minPrice", "maxPrice", "currency", "brands",
            "excludedBrands", "sort", "feedback", "refinement");

    /** The set shipped with the assistant. */
    public static TestSet shipped() {
        return new TestSet(vocabulary(open("vocabulary.tsv")), cases(open("messages.tsv"), false),
                cases(open("dialogs.tsv"), true));
    }

    /** Reads a test set written in the shipped format (see the class comment) from any source. */
    public static TestSet read(Reader vocabulary, Reader messages, Reader dialogs) {
        return new TestSet(vocabulary(vocabulary), cases(messages, false), cases(dialogs, true));
    }

    /** Reads a vocabulary file: one shop per language it names a currency for. */
    public static Map<Language, ShopVocabulary> vocabulary(Reader reader) {
        Map<Language, String> currencies = new EnumMap<>(Language.class);
        List<List<String>> paths = new ArrayList<>();
        Map<String, List<String>> localised = new LinkedHashMap<>();
        List<String> brands = new ArrayList<>();
        Map<String, String> synonyms = new LinkedHashMap<>();
        for (String[] row : rows(reader)) {
            switch (row[0]) {
                case "currency" -> currencies.put(language(row[1]), row[2]);
                case "category" -> {
                    List<String> path = List.of(row[1].split("\\s*>\\s*"));
                    paths.add(path);
                    if (row.length > 2 && !row[2].isBlank()) {
                        localised.put(path.getLast(), List.of(row[2].split("\\|")));
                    }
                }
                case "brand" -> brands.add(row[1]);
                case "synonym" -> synonyms.put(row[1].toLowerCase(Locale.ROOT), row[2]);
                default -> throw new IllegalArgumentException("unknown vocabulary line kind: " + row[0]);
            }
        }
        Map<Language, ShopVocabulary> out = new EnumMap<>(Language.class);
        currencies.forEach((language, currency) -> out.put(language,
                new ShopVocabulary(currency, paths, localised, brands, Map.of(), synonyms)));
        return out;
    }

    /** Reads messages (or, with {@code dialogs}, dialog turns) with their expected fields. */
    public static List<Case> cases(Reader reader, boolean dialogs) {
        List<Case> out = new ArrayList<>();
        int lead = dialogs ? 2 : 0;
        for (String[] row : rows(reader)) {
            Map<String, String> expected = new LinkedHashMap<>();
            for (int f = 0; f < FIELDS.size(); f++) {
                int column = lead + 2 + f;
                expected.put(FIELDS.get(f), column < row.length ? row[column].trim() : "");
            }
            out.add(new Case(dialogs ? row[0] + "#" + row[1] : null, language(row[lead]), row[lead + 1], expected));
        }
        return out;
    }

    private static Language language(String code) {
        return Language.valueOf(code.trim().toUpperCase(Locale.ROOT));
    }

    private static Reader open(String file) {
        InputStream in = TestSet.class.getResourceAsStream(BASE + file);
        if (in == null) {
            throw new IllegalStateException("test set file missing from the class path: " + BASE + file);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static List<String[]> rows(Reader reader) {
        List<String[]> out = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(reader)) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.split("\t", -1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
