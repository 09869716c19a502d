package org.shoptide.assistant.nlu;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The built-in intent parser: rules over the shipped lexicon and the shop's vocabulary, no model.
 * <ol>
 * <li>Normalise the message and read its budget ({@link BudgetReader}); budget phrases are then out of play.
 * <li>Cut it into tokens ({@link Tokenizer}); a word no phrase knows is read as the lexicon word it inflects or
 * misspells ({@link ShippedLexicon#correct}: "кроссовок" → кроссовки, "runing" → running).
 * <li>Left to right, take the longest phrase of the lexicon or the shop starting at each token.
 * <li>Interpret: a brand right after a negation ("not", "кроме", "不要"), or right before a post-negation ("не
 * предлагать"), and the brands joined to it, is excluded; an ambiguous brand form (苹果, coach) is a brand only when a
 * product type of one of its domains is named near it, or when written with a capital inside an English sentence; a
 * negated type or refusal reason is a wish ("no heels", "不要太贵的"); the product type is the longest phrase, then one not
 * attached by a preposition to another ("laptop for programming with 16gb ram"), then the narrowest type, then the head
 * (the last noun in English and Chinese, the first in Russian); it maps onto the shop's category whose name is a name
 * of it (else contains one) or of its nearest broader type.
 * </ol>
 * Deterministic, thread-safe and free of I/O after construction; a shop's vocabulary is compiled on first use and
 * cached by identity (keep one {@link ShopVocabulary} instance per shop and version).
 */
public final class RuleIntentParser implements IntentParser {
    private static final int CACHE_LIMIT = 64;
    private static final Set<String> JOINERS = Set.of("or", "and", "nor", "или", "и", "ни", "或", "和", "也", "或者", "还有",
            "也不");

    /** Words after which a product type is an attribute of the one before ("case for phone", "чехол для"). */
    private static final Set<String> PREPOSITIONS = Set.of("for", "with", "from", "like", "для", "с", "со", "под");

    /** How many tokens may separate an ambiguous brand form from the product type that makes it a brand. */
    private static final int NEAR = 4;

    private final ShippedLexicon lexicon;
    /** Compiled vocabularies by the identity of the {@link ShopVocabulary} (hashing a large record per call costs). */
    private final IdentityHashMap<ShopVocabulary, ShopIndex> shops = new IdentityHashMap<>();

    private record Match(int start, int end, List<Term> terms) {
        Term first(Term.Category category) {
            for (Term t : terms) {
                if (t.category() == category) {
                    return t;
                }
            }
            return null;
        }
    }

    public RuleIntentParser(ShippedLexicon lexicon) {
        this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
    }

    @Override
    public Intent parse(String message, ShopVocabulary shop) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(shop, "shop");
        ShopIndex index = shopIndex(shop);
        Language language = LanguageDetector.detect(message);
        String norm = Tokenizer.normalize(message);
        BudgetReader.Budget budget = BudgetReader.read(norm, shop.currency());
        List<Token> tokens = new ArrayList<>(Tokenizer.tokens(norm));
        boolean[] blocked = new boolean[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            for (int[] span : budget.spans()) {
                blocked[i] |= t.start() >= span[0] && t.end() <= span[1];
            }
            if (!blocked[i] && (t.script() == Token.Script.LATIN || t.script() == Token.Script.CYRILLIC)
                    && !index.keys.contains(t.key())) {
                int at = i;
                lexicon.correct(t).ifPresent(key -> tokens.set(at, t.withKey(key)));
            }
        }
        List<Match> matches = match(tokens, blocked, index);
        return interpret(language, norm, tokens, matches, budget, index, properNames(message, norm, tokens));
    }

    private ShopIndex shopIndex(ShopVocabulary shop) {
        synchronized (shops) {
            ShopIndex index = shops.get(shop);
            if (index == null) {
                if (shops.size() >= CACHE_LIMIT) {
                    shops.clear();
                }
                index = new ShopIndex(shop, lexicon);
                shops.put(shop, index);
            }
            return index;
        }
    }

    private List<Match> match(List<Token> tokens, boolean[] blocked, ShopIndex index) {
        List<Match> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            if (blocked[i]) {
                i++;
                continue;
            }
            List<Term> global = new ArrayList<>();
            List<Term> own = new ArrayList<>();
            int endGlobal = lexicon.index().longest(tokens, i, blocked, global);
            int endOwn = index.phrases.longest(tokens, i, blocked, own);
            int end = Math.max(endGlobal, endOwn);
            if (end == i) {
                i++;
                continue;
            }
            List<Term> terms = new ArrayList<>();
            if (endOwn == end) {
                terms.addAll(own);
            }
            if (endGlobal == end) {
                terms.addAll(global);
            }
            out.add(new Match(i, end, terms));
            i = end;
        }
        return out;
    }

    private Intent interpret(Language language, String norm, List<Token> tokens, List<Match> matches,
            BudgetReader.Budget budget, ShopIndex index, boolean[] proper) {
        List<int[]> removed = new ArrayList<>(budget.spans());
        // product type candidates, before brand disambiguation
        List<Match> typeMatches = new ArrayList<>();
        for (Match m : matches) {
            if (m.first(Term.Category.TYPE) != null) {
                typeMatches.add(m);
            }
        }
        // brands, with negation
        // tokens of brands and negations do not count as distance between an ambiguous brand and its product
        boolean[] neutral = new boolean[tokens.size()];
        for (Match m : matches) {
            if (m.first(Term.Category.BRAND) != null || m.first(Term.Category.NEGATION) != null) {
                for (int i = m.start(); i < m.end(); i++) {
                    neutral[i] = true;
                }
            }
        }
        Set<String> brands = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        Set<Match> brandMatches = new LinkedHashSet<>();
        Set<Match> negationsUsed = new LinkedHashSet<>();
        int negatedUntil = -1;
        Match previousBrand = null;
        boolean previousExcluded = false;
        for (int k = 0; k < matches.size(); k++) {
            Match m = matches.get(k);
            Term brand = acceptedBrand(m, typeMatches, neutral, proper);
            if (brand != null) {
                boolean joined = previousBrand != null && previousExcluded && joinedTo(tokens, previousBrand, m);
                boolean negated = m.start() <= negatedUntil || joined;
                String name = index.brandName(brand, lexicon);
                (negated ? excluded : brands).add(name);
                brandMatches.add(m);
                previousBrand = m;
                previousExcluded = negated;
                negatedUntil = -1;
                continue;
            }
            Term negation = m.first(Term.Category.NEGATION);
            if (negation == null) {
                continue;
            }
            boolean after = m.terms().stream().anyMatch(t -> t.value().equals("EXCLUDE_AFTER"));
            boolean before = m.terms().stream().anyMatch(t -> t.value().equals("EXCLUDE"));
            if (after && previousBrand != null && m.start() - previousBrand.end() <= 1 && !previousExcluded
                    && nextBrand(matches, k, typeMatches, neutral, proper) == null) {
                String name = nameOf(previousBrand, index);
                brands.remove(name);
                excluded.add(name);
                previousExcluded = true;
                negationsUsed.add(m);
            } else if (before) {
                Match next = nextBrand(matches, k, typeMatches, neutral, proper);
                if (next != null && next.start() - m.end() <= 3) {
                    negatedUntil = next.start();
                    negationsUsed.add(m);
                }
            }
        }
        brands.removeAll(excluded);
        // an ambiguous form taken as a brand (苹果 with a phone) is not also the everyday thing (apples)
        typeMatches.removeIf(m -> brandMatches.contains(m) && m.first(Term.Category.BRAND).ambiguous());
        typeMatches.removeIf(m -> negated(matches, m));
        String productType = chooseType(typeMatches, tokens, language);
        List<String> category = category(productType, matches, index);

        Set<String> features = new LinkedHashSet<>();
        Intent.Sort sort = null;
        Intent.Refinement refinement = null;
        Intent.Feedback feedback = null;
        Intent.RefusalReason reason = null;
        Integer ordinal = null;
        String recipient = null;
        String occasion = null;
        for (Match m : matches) {
            if (brandMatches.contains(m) || negationsUsed.contains(m)) {
                removed.add(span(tokens, m));
                continue;
            }
            boolean phrase = false;
            for (Term t : m.terms()) {
                switch (t.category()) {
                    case FEATURE -> features.add(t.value());
                    case SHOP_ATTRIBUTE -> features.add(t.value());
                    case RECIPIENT -> recipient = recipient == null ? t.value() : recipient;
                    case OCCASION -> occasion = occasion == null ? t.value() : occasion;
                    case SORT -> {
                        sort = Intent.Sort.valueOf(t.value());
                        phrase = true;
                    }
                    case REFINEMENT -> {
                        refinement = Intent.Refinement.valueOf(t.value());
                        phrase = true;
                    }
                    case FEEDBACK -> {
                        // "不要" / "не надо" refuse only when they end the message ("不要太贵的" asks for something)
                        if (m.first(Term.Category.NEGATION) == null || m.end() == tokens.size()) {
                            feedback = Intent.Feedback.valueOf(t.value());
                            phrase = true;
                        }
                    }
                    case REFUSAL -> {
                        // "不要太贵的" (not too expensive) states a wish, not a refusal
                        if (!negated(matches, m)) {
                            reason = reason == null ? Intent.RefusalReason.valueOf(t.value()) : reason;
                            phrase = true;
                        }
                    }
                    case ORDINAL -> {
                        ordinal = ordinal == null ? Integer.valueOf(t.value()) : ordinal;
                        phrase = true;
                    }
                    default -> {
                        // types, brands, categories and negations are read above
                    }
                }
            }
            if (phrase) {
                removed.add(span(tokens, m));
            }
        }
        if (reason != null && feedback == null) {
            feedback = Intent.Feedback.REFUSE;
        }
        return new Intent(language, productType, category, budget.min(), budget.max(), budget.currency(),
                budget.approximate(), List.copyOf(brands), List.copyOf(excluded), List.copyOf(features), sort,
                recipient, occasion, refinement, ordinal, feedback, reason, text(norm, removed));
    }

    private String nameOf(Match m, ShopIndex index) {
        Term brand = m.first(Term.Category.BRAND);
        return index.brandName(brand, lexicon);
    }

    /**
     * The brand a match names, or null: an ambiguous form only when a type of one of the brand's domains is named
     * within {@link #NEAR} tokens of it.
     */
    private Term acceptedBrand(Match m, List<Match> typeMatches, boolean[] neutral, boolean[] proper) {
        Term brand = m.first(Term.Category.BRAND);
        if (brand == null) {
            return null;
        }
        if (!brand.ambiguous()) {
            return brand;
        }
        boolean capitalised = true;
        for (int i = m.start(); i < m.end(); i++) {
            capitalised &= proper[i];
        }
        if (capitalised && m.terms().stream().noneMatch(t -> t.category() == Term.Category.RECIPIENT)) {
            return brand;
        }
        List<String> domains = lexicon.brandDomains(brand.value());
        // another meaning on the same words ("brother" the recipient) needs the product right next to it
        boolean otherMeaning = m.terms().stream()
                .anyMatch(t -> t.category() != Term.Category.BRAND && t.category() != Term.Category.TYPE);
        for (Match other : typeMatches) {
            int gap = 0;
            for (int i = Math.min(m.end(), other.end()); i < Math.max(m.start(), other.start()); i++) {
                gap += neutral[i] ? 0 : 1;
            }
            if (other.equals(m) || gap > NEAR || (otherMeaning && gap > 1)) {
                continue;
            }
            for (Term t : other.terms()) {
                if (t.category() == Term.Category.TYPE && (domains.contains(t.value())
                        || lexicon.broader(t.value()).stream().anyMatch(domains::contains))) {
                    return brand;
                }
            }
        }
        return null;
    }

    private Match nextBrand(List<Match> matches, int k, List<Match> typeMatches, boolean[] neutral, boolean[] proper) {
        for (int j = k + 1; j < matches.size(); j++) {
            Match m = matches.get(j);
            if (acceptedBrand(m, typeMatches, neutral, proper) != null) {
                return m;
            }
            if (m.first(Term.Category.NEGATION) == null) {
                return null;
            }
        }
        return null;
    }

    private static boolean joinedTo(List<Token> tokens, Match previous, Match next) {
        int gap = next.start() - previous.end();
        if (gap == 0) {
            return true;
        }
        if (gap > 2) {
            return false;
        }
        for (int i = previous.end(); i < next.start(); i++) {
            if (!JOINERS.contains(tokens.get(i).raw())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Latin words written with a capital inside a sentence ("anything from Apple"): a brand's name rather than the
     * everyday word. Only where normalisation kept the offsets (it does for Latin text).
     */
    private static boolean[] properNames(String message, String norm, List<Token> tokens) {
        boolean[] proper = new boolean[tokens.size()];
        if (message.length() != norm.length()) {
            return proper;
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.script() != Token.Script.LATIN || !Character.isUpperCase(message.charAt(t.start()))) {
                continue;
            }
            int before = t.start() - 1;
            while (before >= 0 && Character.isWhitespace(message.charAt(before))) {
                before--;
            }
            proper[i] = before >= 0 && ".!?。！？".indexOf(message.charAt(before)) < 0;
        }
        return proper;
    }

    /** Whether a negation comes right before a match: a type after it ("no heels") is what is not wanted. */
    private static boolean negated(List<Match> matches, Match m) {
        int k = matches.indexOf(m);
        if (k <= 0) {
            return false;
        }
        Match before = matches.get(k - 1);
        return before.end() >= m.start() - 1 && before.terms().stream()
                .anyMatch(t -> t.category() == Term.Category.NEGATION && t.value().equals("EXCLUDE"));
    }

    /**
     * The product type asked for: the longest phrase; then one that does not follow a preposition after another type
     * ("a laptop for programming with 16gb ram", "phone with a good camera": the laptop, the phone); then the
     * narrowest; then the head (last in English and Chinese, first in Russian).
     */
    private String chooseType(List<Match> typeMatches, List<Token> tokens, Language language) {
        Match best = null;
        Term bestTerm = null;
        int bestDepth = -1;
        for (Match m : typeMatches) {
            Term t = m.first(Term.Category.TYPE);
            int depth = lexicon.broader(t.value()).size();
            if (best == null) {
                best = m;
                bestTerm = t;
                bestDepth = depth;
                continue;
            }
            int length = m.end() - m.start();
            int bestLength = best.end() - best.start();
            boolean better;
            if (length != bestLength) {
                better = length > bestLength;
            } else if (prepositionBetween(tokens, best, m)) {
                better = false;
            } else if (depth != bestDepth) {
                better = depth > bestDepth;
            } else {
                better = language != Language.RU;
            }
            if (better) {
                best = m;
                bestTerm = t;
                bestDepth = depth;
            }
        }
        return bestTerm == null ? null : bestTerm.value();
    }

    private static boolean prepositionBetween(List<Token> tokens, Match earlier, Match later) {
        for (int i = earlier.end(); i < later.start(); i++) {
            if (PREPOSITIONS.contains(tokens.get(i).raw())) {
                return true;
            }
        }
        return false;
    }

    private List<String> category(String productType, List<Match> matches, ShopIndex index) {
        if (productType != null) {
            List<String> chain = new ArrayList<>();
            chain.add(productType);
            chain.addAll(lexicon.broader(productType));
            for (String type : chain) {
                for (List<Integer> candidates : List.of(index.categoriesOfType.getOrDefault(type, List.of()),
                        index.categoriesMentioningType.getOrDefault(type, List.of()))) {
                    if (!candidates.isEmpty()) {
                        int best = candidates.getFirst();
                        for (int idx : candidates) {
                            if (index.paths.get(idx).size() > index.paths.get(best).size()) {
                                best = idx;
                            }
                        }
                        return index.paths.get(best);
                    }
                }
            }
        }
        for (Match m : matches) {
            Term t = m.first(Term.Category.SHOP_CATEGORY);
            if (t != null) {
                return index.paths.get(Integer.parseInt(t.value()));
            }
        }
        return List.of();
    }

    private static int[] span(List<Token> tokens, Match m) {
        return new int[] { tokens.get(m.start()).start(), tokens.get(m.end() - 1).end() };
    }

    private static String text(String norm, List<int[]> removed) {
        StringBuilder out = new StringBuilder(norm.length());
        for (int i = 0; i < norm.length(); i++) {
            boolean gone = false;
            for (int[] span : removed) {
                if (i >= span[0] && i < span[1]) {
                    gone = true;
                    break;
                }
            }
            char c = norm.charAt(i);
            out.append(gone || !(Character.isLetterOrDigit(c) || c == '\'') ? ' ' : c);
        }
        return out.toString().trim().replaceAll("\\s+", " ");
    }
}
