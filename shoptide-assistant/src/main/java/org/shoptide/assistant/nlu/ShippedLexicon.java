package org.shoptide.assistant.nlu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lexicon shipped with the assistant, read once from the TSV files under {@code org/shoptide/assistant/lexicon/}
 * (format in the README there): product types with their tree, brands with their domains, features, recipients,
 * occasions, and the dialog phrases (sort, refinement, feedback, refusal reasons, ordinals, negation). Immutable after
 * construction and safe to share.
 */
public final class ShippedLexicon implements Lexicon {
    private static final String BASE = "/org/shoptide/assistant/lexicon/";
    private static final Language[] COLUMNS = { Language.EN, Language.ZH, Language.RU };

    private final Map<Kind, Map<String, Map<Language, List<String>>>> entries = new EnumMap<>(Kind.class);
    private final Map<String, String> parents = new HashMap<>();
    private final Map<String, List<String>> brandDomains = new HashMap<>();
    private final PhraseIndex index = new PhraseIndex();
    private final Set<String> keys = new HashSet<>();
    /** Lexicon words of five letters or more: word → its key. */
    private final Map<String, String> words = new HashMap<>();
    /**
     * Symmetric-delete index for one-typo correction (Garbe's SymSpell): each word and each of its one-letter deletions
     * → the words it comes from; a typo and its word share an entry.
     */
    private final Map<String, List<String>> deletions = new HashMap<>();

    private ShippedLexicon() {
        for (Kind kind : Kind.values()) {
            entries.put(kind, new LinkedHashMap<>());
        }
        for (String[] row : rows("product_types.tsv", 5)) {
            parents.put(row[0], row[1]);
            addEntry(Kind.PRODUCT_TYPE, Term.Category.TYPE, row[0], row, 2);
        }
        for (String[] row : rows("brands.tsv", 4)) {
            addEntry(Kind.BRAND, Term.Category.BRAND, row[0], row, 1);
            brandDomains.put(row[0], row.length > 4 && !row[4].isBlank() ? List.of(row[4].split("\\|")) : List.of());
        }
        for (String[] row : rows("terms.tsv", 5)) {
            Kind kind = Kind.valueOf(row[0]);
            addEntry(kind, Term.Category.valueOf(kind.name()), row[1], row, 2);
        }
        for (String[] row : rows("phrases.tsv", 5)) {
            Term.Category category = Term.Category.valueOf(row[0]);
            for (int c = 2; c < 5; c++) {
                for (String form : row[c].split("\\|")) {
                    addForm(form, new Term(category, row[1], false));
                }
            }
        }
        for (String id : parents.keySet()) {
            String parent = parents.get(id);
            if (!parent.isEmpty() && !parents.containsKey(parent)) {
                throw new IllegalStateException("product type " + id + " has an unknown parent " + parent);
            }
        }
    }

    /** Reads the shipped files; call once and share the result. */
    public static ShippedLexicon load() {
        return new ShippedLexicon();
    }

    private void addEntry(Kind kind, Term.Category category, String id, String[] row, int firstLanguageColumn) {
        Map<Language, List<String>> names = new EnumMap<>(Language.class);
        for (int c = 0; c < 3; c++) {
            List<String> forms = new ArrayList<>();
            for (String form : row[firstLanguageColumn + c].split("\\|")) {
                if (!form.isBlank()) {
                    boolean ambiguous = form.startsWith("~");
                    String clean = ambiguous ? form.substring(1) : form;
                    forms.add(clean);
                    addForm(clean, new Term(category, id, ambiguous));
                }
            }
            names.put(COLUMNS[c], List.copyOf(forms));
        }
        entries.get(kind).put(id, names);
    }

    private void addForm(String form, Term term) {
        if (form.isBlank()) {
            return;
        }
        List<Token> tokens = Tokenizer.tokens(Tokenizer.normalize(form));
        index.add(tokens.stream().map(Token::key).toList(), term);
        for (Token t : tokens) {
            keys.add(t.key());
            if (t.raw().length() >= 5 && t.script() != Token.Script.DIGITS && t.script() != Token.Script.HAN
                    && words.putIfAbsent(t.raw(), t.key()) == null) {
                for (String variant : variants(t.raw())) {
                    deletions.computeIfAbsent(variant, k -> new ArrayList<>(1)).add(t.raw());
                }
            }
        }
    }

    private static List<String[]> rows(String file, int minColumns) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = ShippedLexicon.class.getResourceAsStream(BASE + file)) {
            if (in == null) {
                throw new IllegalStateException("lexicon file missing from the class path: " + BASE + file);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells.length < minColumns) {
                    throw new IllegalStateException(file + " line " + number + ": expected " + minColumns
                            + " tab-separated columns, found " + cells.length);
                }
                out.add(cells);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @Override
    public List<String> surfaceForms(Kind kind, String id) {
        Map<Language, List<String>> names = entries.get(kind).get(id);
        if (names == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        names.values().forEach(forms -> forms.forEach(f -> out.add(f.toLowerCase(Locale.ROOT))));
        return List.copyOf(out);
    }

    @Override
    public List<String> names(Kind kind, String id, Language language) {
        Map<Language, List<String>> names = entries.get(kind).get(id);
        return names == null ? List.of() : names.get(language);
    }

    @Override
    public Optional<String> lookup(Kind kind, String phrase) {
        Term.Category category = kind == Kind.PRODUCT_TYPE ? Term.Category.TYPE : Term.Category.valueOf(kind.name());
        List<String> phraseKeys = Tokenizer.tokens(Tokenizer.normalize(phrase)).stream()
                .map(t -> correct(t).orElse(t.key())).toList();
        return index.exact(phraseKeys).stream().filter(t -> t.category() == category)
                .sorted((a, b) -> Boolean.compare(a.ambiguous(), b.ambiguous())).map(Term::value).findFirst();
    }

    @Override
    public List<String> ids(Kind kind) {
        return List.copyOf(entries.get(kind).keySet());
    }

    @Override
    public List<String> broader(String productTypeId) {
        List<String> out = new ArrayList<>();
        String parent = parents.get(productTypeId);
        while (parent != null && !parent.isEmpty() && out.size() < parents.size()) {
            out.add(parent);
            parent = parents.get(parent);
        }
        return out;
    }

    /** The product types a brand sells, for telling an ambiguous brand form from the everyday word; empty for most. */
    List<String> brandDomains(String brandId) {
        return brandDomains.getOrDefault(brandId, List.of());
    }

    /** The phrase index of every form of every entry and phrase. */
    PhraseIndex index() {
        return index;
    }

    /**
     * For a word no phrase knows: the key of a lexicon word it is an inflection or a typo of (a Russian fleeting vowel
     * dropped; for words of five letters or more, one insertion, deletion, substitution or transposition away).
     */
    Optional<String> correct(Token token) {
        if (keys.contains(token.key())) {
            return Optional.empty();
        }
        String key = token.key();
        int n = key.length();
        if (token.script() == Token.Script.CYRILLIC && n > 3
                && (key.charAt(n - 2) == 'о' || key.charAt(n - 2) == 'е')) {
            // the Russian fleeting vowel of genitive plurals: кроссовок → кроссовк(и), сумок, игрушек
            String without = key.substring(0, n - 2) + key.charAt(n - 1);
            if (keys.contains(without)) {
                return Optional.of(without);
            }
        }
        if (token.raw().length() < 5) {
            return Optional.empty();
        }
        String word = token.raw();
        for (String variant : variants(word)) {
            for (String candidate : deletions.getOrDefault(variant, List.of())) {
                if (withinOneEdit(word, candidate)) {
                    return Optional.of(words.get(candidate));
                }
            }
        }
        return Optional.empty();
    }

    /** A word and its one-letter deletions, the word first. */
    private static List<String> variants(String word) {
        List<String> out = new ArrayList<>(word.length() + 1);
        out.add(word);
        for (int i = 0; i < word.length(); i++) {
            out.add(word.substring(0, i) + word.substring(i + 1));
        }
        return out;
    }

    static boolean withinOneEdit(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1 || a.charAt(0) != b.charAt(0)) {
            return false;
        }
        int i = 0;
        while (i < Math.min(la, lb) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (la == lb) {
            if (i == la) {
                return true;
            }
            boolean substitution = a.regionMatches(i + 1, b, i + 1, la - i - 1);
            boolean transposition = i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.regionMatches(i + 2, b, i + 2, la - i - 2);
            return substitution || transposition;
        }
        return la > lb ? a.regionMatches(i + 1, b, i, lb - i) : b.regionMatches(i + 1, a, i, la - i);
    }
}
