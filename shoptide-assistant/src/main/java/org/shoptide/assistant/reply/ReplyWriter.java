package org.shoptide.assistant.reply;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.shoptide.assistant.catalog.IndexedItem;
import org.shoptide.assistant.catalog.Money;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;

/**
 * Writes the assistant's replies from templates per language ({@link Phrases}). Grounded by construction: a reply names
 * only the products of its answer, with their catalog title (localised where the catalog has a {@code title_<lang>}),
 * their real price and stock, and reasons drawn from the intent (budget, brand, features) and the ranker's source.
 */
public final class ReplyWriter {

    /**
     * A product of an answer with its reason, as the reply states it. It is over budget when the intent has a ceiling
     * and the item costs more (or is priced in another currency, or not at all).
     */
    public ShownProduct product(Language language, Intent intent, IndexedItem item, String source) {
        Phrases p = Phrases.of(language);
        boolean overBudget = intent.maxPriceMinor() != null && !fits(intent, item);
        List<String> reasons = new ArrayList<>();
        if (overBudget) {
            reasons.add(p.overBudgetMark());
        } else if (intent.maxPriceMinor() != null && item.hasPrice()) {
            reasons.add(Phrases.fill(p.fitsBudget(), budget(intent, item, language)));
        }
        String brand = item.item().brand();
        if (brand != null && intent.brands().stream().anyMatch(b -> b.equalsIgnoreCase(brand.strip()))) {
            reasons.add(Phrases.fill(p.brandAsked(), brand.strip()));
        }
        if (reasons.size() < 2) {
            reasons.add(sourceReason(p, source));
        }
        String price = item.hasPrice() ? Money.format(item.priceMinor(), item.currency(), language) : null;
        return new ShownProduct(item.id(), item.title(language), brand, item.priceMinor(), item.currency(), price,
                item.item().inStock(), String.join(language == Language.ZH ? "，" : "; ", reasons), overBudget);
    }

    private static boolean fits(Intent intent, IndexedItem item) {
        String currency = intent.currency() != null ? intent.currency() : item.currency();
        return item.hasPrice() && item.currency().equalsIgnoreCase(currency)
                && item.priceMinor() <= intent.maxPriceMinor();
    }

    private static String budget(Intent intent, IndexedItem item, Language language) {
        String currency = intent.currency() != null ? intent.currency() : item.currency();
        return Money.format(intent.maxPriceMinor(), currency, language);
    }

    private static String sourceReason(Phrases p, String source) {
        return switch (source == null ? "" : source) {
            case "als", "user" -> p.forYou();
            case "cooccurrence", "item", "sequence", "cart" -> p.boughtWith();
            case "session" -> p.session();
            case "trending", "popular" -> p.popular();
            default -> p.bestMatch();
        };
    }

    /** The reply listing an answer's products. */
    public String answer(Language language, Intent intent, List<ShownProduct> products) {
        Phrases p = Phrases.of(language);
        StringBuilder out = new StringBuilder();
        boolean overBudget = !products.isEmpty() && products.stream().allMatch(ShownProduct::overBudget);
        if (overBudget) {
            String currency = intent.currency() != null ? intent.currency() : products.get(0).currency();
            out.append(Phrases.fill(p.overBudget(), Money.format(intent.maxPriceMinor(), currency, language)));
            out.append(language == Language.ZH ? "" : " ");
        }
        out.append(p.found());
        int n = 1;
        for (ShownProduct s : products) {
            out.append('\n').append(n++).append(". ").append(s.title());
            out.append(" — ");
            if (s.formattedPrice() != null) {
                out.append(s.formattedPrice()).append(language == Language.ZH ? "，" : ", ");
            }
            out.append(s.inStock() ? p.inStock() : p.outOfStock());
            out.append(" — ").append(s.reason());
        }
        return out.toString();
    }

    /** The reply when nothing matches, or nothing more for "show more". */
    public String nothing(Language language, boolean more) {
        Phrases p = Phrases.of(language);
        return more ? p.nothingMore() : p.nothing();
    }

    /** The question asked when the customer did not say what they are looking for. */
    public String clarify(Language language, List<String> examples) {
        Phrases p = Phrases.of(language);
        if (examples.isEmpty()) {
            return p.nothingShown();
        }
        return Phrases.fill(p.clarify(), String.join(language == Language.ZH ? "、" : ", ", examples));
    }

    /** The reply to a placed order. */
    public String ordered(Language language, ShownProduct product, String orderId, String payUrl) {
        return Phrases.fill(Phrases.of(language).ordered(), orderId, product.title(), priceOrEmpty(product),
                payUrl == null ? "" : payUrl);
    }

    /** The reply to a buy recorded as add-to-cart. */
    public String addedToCart(Language language, ShownProduct product) {
        return Phrases.fill(Phrases.of(language).addedToCart(), product.title(), priceOrEmpty(product));
    }

    private static String priceOrEmpty(ShownProduct product) {
        return product.formattedPrice() == null ? "" : product.formattedPrice();
    }

    /** The reply to "I will think about it". */
    public String considered(Language language, List<ShownProduct> products) {
        return Phrases.fill(Phrases.of(language).considered(),
                String.join(", ", products.stream().map(ShownProduct::title).toList()));
    }

    /** The acknowledgement of a refusal that precedes the next answer. */
    public String refused(Language language) {
        return Phrases.of(language).refused();
    }

    public String askWhich(Language language) {
        return Phrases.of(language).askWhich();
    }

    public String nothingShown(Language language) {
        return Phrases.of(language).nothingShown();
    }

    /**
     * Follow-up suggestions from the facets of the matching items, in the customer's language: a round price below
     * their median ("under ¥300"), the most common brand ("Nike only"), "cheaper", "another brand" and "show more".
     * Each is a message the parser understands.
     */
    public List<String> suggestions(Language language, Intent intent, Collection<IndexedItem> matching,
            List<ShownProduct> shown, boolean hasMore) {
        Phrases p = Phrases.of(language);
        List<String> out = new ArrayList<>();
        String currency = intent.currency() != null ? intent.currency() : currencyOf(matching);
        long[] prices = matching.stream().filter(i -> i.hasPrice() && i.currency().equals(currency))
                .mapToLong(IndexedItem::priceMinor).sorted().toArray();
        if (prices.length >= 2) {
            long under = roundDown(prices[prices.length / 2], currency);
            if (under > prices[0] && (intent.maxPriceMinor() == null || under < intent.maxPriceMinor())) {
                out.add(Phrases.fill(p.suggestUnder(), Money.format(under, currency, language)));
            }
        }
        if (intent.brands().isEmpty()) {
            Map<String, Integer> brands = new HashMap<>();
            matching.stream().map(i -> i.item().brand()).filter(b -> b != null && !b.isBlank())
                    .forEach(b -> brands.merge(b.strip(), 1, Integer::sum));
            if (brands.size() >= 2) {
                brands.entrySet().stream()
                        .max(Map.Entry.<String, Integer> comparingByValue()
                                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                        .ifPresent(e -> out.add(Phrases.fill(p.suggestOnly(), e.getKey())));
            }
        }
        if (!shown.isEmpty() && shown.stream().anyMatch(s -> s.priceMinor() >= 0)) {
            out.add(p.suggestCheaper());
        }
        Set<String> shownBrands = new LinkedHashSet<>();
        shown.stream().map(ShownProduct::brand).filter(Objects::nonNull).forEach(shownBrands::add);
        if (!shownBrands.isEmpty()) {
            out.add(p.suggestOtherBrand());
        }
        if (hasMore) {
            out.add(p.suggestMore());
        }
        return out;
    }

    private static String currencyOf(Collection<IndexedItem> items) {
        return items.stream().filter(IndexedItem::hasPrice).map(IndexedItem::currency).findFirst().orElse("USD");
    }

    /** The largest 1, 2 or 5 times a power of ten (in major units) not above {@code minor}. */
    static long roundDown(long minor, String currency) {
        Currency c = Money.currencyOrNull(currency);
        int digits = c == null ? 2 : Math.max(0, c.getDefaultFractionDigits());
        BigDecimal unit = BigDecimal.TEN.pow(digits);
        long major = BigDecimal.valueOf(minor).divide(unit, 0, RoundingMode.FLOOR).longValue();
        if (major < 1) {
            return minor;
        }
        long power = 1;
        while (power * 10 <= major) {
            power *= 10;
        }
        long nice = major >= 5 * power ? 5 * power : (major >= 2 * power ? 2 * power : power);
        return BigDecimal.valueOf(nice).multiply(unit).longValueExact();
    }
}
