package org.shoptide.assistant.retrieval;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.shoptide.assistant.catalog.CatalogQuery;
import org.shoptide.assistant.catalog.CatalogQuery.WeightedText;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Lexicon;
import org.shoptide.assistant.nlu.Lexicon.Kind;

/**
 * Turns an intent into a catalog search. The product type must match, through any of its names in any language (weight
 * {@value #TYPE}) or, weaker, its nearest broader type's ({@value #BROADER}); so a Russian message finds a Chinese
 * catalog. The customer's remaining words ({@value #TEXT}), the features ({@value #FEATURE}) and the recipient and
 * occasion ({@value #CONTEXT}) add to the score. Brands are matched by every form the lexicon knows ("耐克", "Найк" and
 * "Nike" alike); price bounds, brands, the shop category and the exclusions are filters.
 */
public final class QueryPlanner {
    static final float TYPE = 2f;
    static final float BROADER = 0.7f;
    static final float TEXT = 1f;
    static final float FEATURE = 1.5f;
    static final float CONTEXT = 0.5f;
    private static final int MAX_FORMS = 24;

    private final Lexicon lexicon;

    public QueryPlanner(Lexicon lexicon) {
        this.lexicon = Objects.requireNonNull(lexicon, "lexicon");
    }

    /**
     * The search for an intent.
     *
     * @param shopCurrency
     *            the currency of bounds the intent gives without one
     * @param excludedIds
     *            items not to return (refused or already shown)
     */
    public CatalogQuery plan(Intent intent, String shopCurrency, Set<String> excludedIds) {
        List<WeightedText> required = new ArrayList<>();
        if (intent.productType() != null) {
            forms(Kind.PRODUCT_TYPE, intent.productType(), TYPE, required);
            List<String> broader = lexicon.broader(intent.productType());
            if (!broader.isEmpty()) {
                forms(Kind.PRODUCT_TYPE, broader.get(0), BROADER, required);
            }
        }
        List<WeightedText> optional = new ArrayList<>();
        if (!intent.text().isBlank()) {
            optional.add(new WeightedText(intent.text(), TEXT));
        }
        intent.features().forEach(f -> forms(Kind.FEATURE, f, FEATURE, optional));
        if (intent.recipient() != null) {
            forms(Kind.RECIPIENT, intent.recipient(), CONTEXT, optional);
        }
        if (intent.occasion() != null) {
            forms(Kind.OCCASION, intent.occasion(), CONTEXT, optional);
        }
        String currency = intent.currency() != null ? intent.currency() : shopCurrency;
        String category = intent.category().isEmpty() ? null : intent.category().get(intent.category().size() - 1);
        return new CatalogQuery(required, optional, intent.minPriceMinor(), intent.maxPriceMinor(), currency,
                brandForms(intent.brands()), brandForms(intent.excludedBrands()), category, excludedIds, false);
    }

    private void forms(Kind kind, String id, float weight, List<WeightedText> out) {
        List<String> forms = lexicon.surfaceForms(kind, id);
        if (forms.isEmpty()) {
            out.add(new WeightedText(id.replace('_', ' '), weight));
            return;
        }
        forms.stream().limit(MAX_FORMS).forEach(f -> out.add(new WeightedText(f, weight)));
    }

    private Set<String> brandForms(List<String> brands) {
        Set<String> out = new LinkedHashSet<>();
        for (String b : brands) {
            out.add(b.strip().toLowerCase(Locale.ROOT));
            lexicon.lookup(Kind.BRAND, b).ifPresent(id -> {
                out.add(id.toLowerCase(Locale.ROOT));
                lexicon.surfaceForms(Kind.BRAND, id).forEach(f -> out.add(f.toLowerCase(Locale.ROOT)));
            });
        }
        return out;
    }
}
