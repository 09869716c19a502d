package org.shoptide.assistant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.assistant.catalog.CatalogIndex;
import org.shoptide.assistant.catalog.CatalogQuery;
import org.shoptide.assistant.catalog.IndexedItem;
import org.shoptide.assistant.dialog.ConversationState.Shown;
import org.shoptide.assistant.dialog.Dialog.Search;
import org.shoptide.assistant.llm.LanguageModel;
import org.shoptide.assistant.nlu.Intent;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.port.PersonalRanker;
import org.shoptide.assistant.port.PersonalRanker.Ranked;
import org.shoptide.assistant.port.PersonalRanker.Ranking;
import org.shoptide.assistant.reply.GroundingCheck;
import org.shoptide.assistant.reply.GroundingCheck.Amount;
import org.shoptide.assistant.reply.ReplyWriter;
import org.shoptide.assistant.reply.ShownProduct;
import org.shoptide.assistant.retrieval.QueryPlanner;
import org.shoptide.assistant.retrieval.Retriever;
import org.shoptide.core.shop.ShopId;

/**
 * Answers a search: retrieve candidates (after the filters), rank them for the customer, write the grounded reply.
 * <ol>
 * <li>The {@link Retriever} returns up to {@code candidates} items that satisfy every constraint; the budget is a
 * filter, so nothing above it can be among them.
 * <li>In-stock items go first; for a price sort, the cheapest (or dearest) are kept.
 * <li>The {@link PersonalRanker} orders them for the customer and logs the answer under a recommendation id; anything
 * it returns that was not a candidate is dropped, so the budget holds whatever the ranker does.
 * <li>When nothing fits the budget, the nearest items above it are offered, cheapest first, each marked over budget
 * (not for "show more": there the answer is that nothing more fits).
 * </ol>
 */
final class Answers {
    private final Retriever retriever;
    private final QueryPlanner planner;
    private final PersonalRanker ranker;
    private final ReplyWriter writer;
    private final GroundingCheck grounding;
    private final LanguageModel model;
    private final AssistantOptions options;

    Answers(Retriever retriever, QueryPlanner planner, PersonalRanker ranker, ReplyWriter writer,
            GroundingCheck grounding, LanguageModel model, AssistantOptions options) {
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.ranker = Objects.requireNonNull(ranker, "ranker");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.grounding = Objects.requireNonNull(grounding, "grounding");
        this.model = model;
        this.options = Objects.requireNonNull(options, "options");
    }

    /** An answer: the reply, its products, the facts behind them and the state they leave. */
    record Answer(String reply, List<ShownProduct> products, List<Shown> shown, String recommendationId,
            List<String> suggestions, String outcome) {
    }

    Answer search(ShopId shop, Customer customer, CatalogIndex index, Search search, Language language) {
        Intent intent = search.intent();
        String shopCurrency = index.facts().currency();
        CatalogQuery query = planner.plan(intent, shopCurrency, search.exclude());
        List<IndexedItem> candidates = retriever.retrieve(index, query, options.candidates());
        if (candidates.isEmpty() && intent.maxPriceMinor() != null && !search.more()) {
            return overBudget(shop, customer, index, intent, query, language);
        }
        if (candidates.isEmpty()) {
            return new Answer(writer.nothing(language, search.more()), List.of(), List.of(), null,
                    writer.suggestions(language, intent, List.of(), List.of(), false),
                    search.more() ? "no_more" : "no_match");
        }
        List<IndexedItem> ordered = new ArrayList<>(candidates);
        ordered.sort(Comparator.comparing((IndexedItem i) -> !i.item().inStock()));
        Comparator<IndexedItem> byPrice = Comparator.comparingLong(IndexedItem::priceMinor);
        boolean priceSort = intent.sort() == Intent.Sort.CHEAPEST || intent.sort() == Intent.Sort.MOST_EXPENSIVE;
        if (priceSort) {
            ordered.sort(intent.sort() == Intent.Sort.CHEAPEST ? byPrice : byPrice.reversed());
            ordered = ordered.subList(0, Math.min(ordered.size(), options.n() * 3));
        }
        Ranking ranking = rank(shop, customer, ordered, options.n());
        List<Pick> picks = picks(ranking, candidates);
        picks.sort(Comparator.comparing((Pick p) -> !p.item().item().inStock()));
        if (priceSort) {
            Comparator<Pick> pickPrice = Comparator.comparingLong(p -> p.item().priceMinor());
            picks.sort(intent.sort() == Intent.Sort.CHEAPEST ? pickPrice : pickPrice.reversed());
        }
        List<ShownProduct> products = picks.stream().map(p -> writer.product(language, intent, p.item(), p.source()))
                .toList();
        String reply = phrase(language, intent, products, writer.answer(language, intent, products), index);
        boolean hasMore = candidates.size() > products.size();
        return new Answer(reply, products, shown(picks), ranking.recommendationId(),
                writer.suggestions(language, intent, candidates, products, hasMore), "answer");
    }

    private Answer overBudget(ShopId shop, Customer customer, CatalogIndex index, Intent intent, CatalogQuery query,
            Language language) {
        List<IndexedItem> above = new ArrayList<>(
                retriever.retrieve(index, query.withPrices(intent.maxPriceMinor() + 1, null), options.candidates()));
        above.sort(Comparator.comparingLong(IndexedItem::priceMinor));
        List<IndexedItem> nearest = above.subList(0, Math.min(above.size(), options.n()));
        if (nearest.isEmpty()) {
            return new Answer(writer.nothing(language, false), List.of(), List.of(), null,
                    writer.suggestions(language, intent, List.of(), List.of(), false), "no_match");
        }
        Ranking ranking = rank(shop, customer, nearest, nearest.size());
        List<Pick> picks = picks(ranking, nearest);
        picks.sort(Comparator.comparingLong(p -> p.item().priceMinor()));
        List<ShownProduct> products = picks.stream().map(p -> writer.product(language, intent, p.item(), p.source()))
                .toList();
        String reply = phrase(language, intent, products, writer.answer(language, intent, products), index);
        return new Answer(reply, products, shown(picks), ranking.recommendationId(),
                writer.suggestions(language, intent, List.of(), products, false), "over_budget");
    }

    private Ranking rank(ShopId shop, Customer customer, List<IndexedItem> ordered, int n) {
        return ranker.rank(shop, customer, ordered.stream().limit(options.candidates()).map(IndexedItem::id).toList(),
                n);
    }

    private record Pick(IndexedItem item, String source) {
    }

    /** The ranker's items that were candidates, in its order (at most n). */
    private List<Pick> picks(Ranking ranking, List<IndexedItem> candidates) {
        Map<String, IndexedItem> byId = new HashMap<>();
        candidates.forEach(c -> byId.put(c.id(), c));
        List<Pick> out = new ArrayList<>();
        for (Ranked r : ranking.items()) {
            IndexedItem item = byId.remove(r.itemId());
            if (item != null && out.size() < options.n()) {
                out.add(new Pick(item, r.source()));
            }
        }
        return out;
    }

    private static List<Shown> shown(List<Pick> picks) {
        return picks.stream()
                .map(p -> new Shown(p.item().id(), p.item().item().brand(), p.item().priceMinor(), p.item().currency()))
                .toList();
    }

    /** The model's phrasing of a reply where one is configured and it passes the grounding check, else the template. */
    String phrase(Language language, Intent intent, List<ShownProduct> products, String template, CatalogIndex index) {
        if (model == null || products.isEmpty()) {
            return template;
        }
        Optional<String> phrased = model.phrase(language, intent, products, template);
        if (phrased.isEmpty() || phrased.get().isBlank()) {
            return template;
        }
        return grounding.check(phrased.get(), products, bounds(intent, products), index).grounded() ? phrased.get()
                : template;
    }

    /** The amounts besides product prices that a reply may mention: the customer's bounds. */
    static List<Amount> bounds(Intent intent, List<ShownProduct> products) {
        String currency = intent.currency() != null ? intent.currency()
                : products.stream().map(ShownProduct::currency).filter(Objects::nonNull).findFirst().orElse(null);
        List<Amount> out = new ArrayList<>();
        if (intent.minPriceMinor() != null) {
            out.add(new Amount(intent.minPriceMinor(), currency));
        }
        if (intent.maxPriceMinor() != null) {
            out.add(new Amount(intent.maxPriceMinor(), currency));
        }
        return out;
    }
}
