package org.shoptide.assistant.nlu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A shop's vocabulary compiled for the parser: its brands, category names (in every language it gives), own synonyms
 * and attribute values as phrases; the catalog spelling of each lexicon brand it carries; and, for each lexicon product
 * type, the shop categories whose names name it. Immutable once built.
 */
final class ShopIndex {
    final PhraseIndex phrases = new PhraseIndex();
    final Set<String> keys = new HashSet<>();
    /** Lexicon brand id → the catalog's spelling. */
    final Map<String, String> brandSpelling = new HashMap<>();
    /** Lexicon product type id → indexes into the category paths whose last level is a name of it. */
    final Map<String, List<Integer>> categoriesOfType = new HashMap<>();
    /** Lexicon product type id → indexes into the category paths whose last level names it among other words. */
    final Map<String, List<Integer>> categoriesMentioningType = new HashMap<>();
    final List<List<String>> paths;

    ShopIndex(ShopVocabulary shop, ShippedLexicon lexicon) {
        this.paths = shop.categoryPaths();
        for (String brand : shop.brands()) {
            Term known = lexiconTerm(lexicon, brand, Term.Category.BRAND);
            if (known != null) {
                brandSpelling.putIfAbsent(known.value(), brand);
                add(brand, known);
            } else {
                add(brand, new Term(Term.Category.BRAND, "=" + brand, false));
                // "adidas Originals", "Apple Store": the lexicon brand it starts with is spelled this way here
                Term leading = leadingBrand(lexicon, brand);
                if (leading != null) {
                    brandSpelling.putIfAbsent(leading.value(), brand);
                }
            }
        }
        for (int idx = 0; idx < paths.size(); idx++) {
            List<String> path = paths.get(idx);
            if (path.isEmpty()) {
                continue;
            }
            String last = path.getLast();
            List<String> names = new ArrayList<>();
            names.add(last);
            names.addAll(shop.localisedCategories().getOrDefault(last, List.of()));
            for (String name : names) {
                add(name, new Term(Term.Category.SHOP_CATEGORY, Integer.toString(idx), false));
                Term exact = lexiconTerm(lexicon, name, Term.Category.TYPE);
                if (exact != null) {
                    addCategory(categoriesOfType, exact.value(), idx);
                }
                for (String type : typesIn(lexicon, name)) {
                    addCategory(categoriesMentioningType, type, idx);
                }
            }
        }
        for (Map.Entry<String, String> synonym : shop.synonyms().entrySet()) {
            Term target = synonymTarget(shop, lexicon, synonym.getValue());
            if (target != null) {
                add(synonym.getKey(), target);
            }
        }
        for (List<String> values : shop.attributeValues().values()) {
            for (String value : values) {
                if (value.length() > 1 && lexiconTerm(lexicon, value, Term.Category.FEATURE) == null) {
                    add(value, new Term(Term.Category.SHOP_ATTRIBUTE, value, false));
                }
            }
        }
    }

    private static void addCategory(Map<String, List<Integer>> map, String type, int idx) {
        List<Integer> list = map.computeIfAbsent(type, t -> new ArrayList<>());
        if (!list.contains(idx)) {
            list.add(idx);
        }
    }

    private void add(String phrase, Term term) {
        List<String> k = Tokenizer.keys(phrase);
        phrases.add(k, term);
        keys.addAll(k);
    }

    private Term synonymTarget(ShopVocabulary shop, ShippedLexicon lexicon, String target) {
        if (lexicon.ids(Lexicon.Kind.PRODUCT_TYPE).contains(target)) {
            return new Term(Term.Category.TYPE, target, false);
        }
        for (String brand : shop.brands()) {
            if (brand.equalsIgnoreCase(target)) {
                Term known = lexiconTerm(lexicon, brand, Term.Category.BRAND);
                return known != null ? new Term(Term.Category.BRAND, known.value(), false)
                        : new Term(Term.Category.BRAND, "=" + brand, false);
            }
        }
        for (int idx = 0; idx < paths.size(); idx++) {
            if (!paths.get(idx).isEmpty() && paths.get(idx).getLast().equalsIgnoreCase(target)) {
                return new Term(Term.Category.SHOP_CATEGORY, Integer.toString(idx), false);
            }
        }
        Term type = lexiconTerm(lexicon, target, Term.Category.TYPE);
        return type != null ? type : lexiconTerm(lexicon, target, Term.Category.BRAND);
    }

    private static Term lexiconTerm(ShippedLexicon lexicon, String phrase, Term.Category category) {
        return lexicon.index().exact(Tokenizer.keys(phrase)).stream().filter(t -> t.category() == category).findFirst()
                .map(t -> new Term(t.category(), t.value(), t.ambiguous())).orElse(null);
    }

    private static Term leadingBrand(ShippedLexicon lexicon, String name) {
        List<Token> tokens = Tokenizer.tokens(Tokenizer.normalize(name));
        List<Term> terms = new ArrayList<>();
        lexicon.index().longest(tokens, 0, new boolean[tokens.size()], terms);
        return terms.stream().filter(t -> t.category() == Term.Category.BRAND).findFirst().orElse(null);
    }

    /** The product types a category name names: whole or in part ("Men's Running Shoes" → running_shoes). */
    private static List<String> typesIn(ShippedLexicon lexicon, String name) {
        List<Token> tokens = Tokenizer.tokens(Tokenizer.normalize(name));
        boolean[] blocked = new boolean[tokens.size()];
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size();) {
            List<Term> terms = new ArrayList<>();
            int end = lexicon.index().longest(tokens, i, blocked, terms);
            for (Term t : terms) {
                if (t.category() == Term.Category.TYPE && !t.ambiguous() && !out.contains(t.value())) {
                    out.add(t.value());
                }
            }
            i = Math.max(end, i + 1);
        }
        return out;
    }

    /** The catalog's spelling of a brand term's brand, else the lexicon's English name. */
    String brandName(Term brand, ShippedLexicon lexicon) {
        if (brand.value().startsWith("=")) {
            return brand.value().substring(1);
        }
        String spelled = brandSpelling.get(brand.value());
        if (spelled != null) {
            return spelled;
        }
        List<String> names = lexicon.names(Lexicon.Kind.BRAND, brand.value(), Language.EN);
        return names.isEmpty() ? brand.value().toLowerCase(Locale.ROOT) : names.getFirst();
    }
}
