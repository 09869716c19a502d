package org.shoptide.community;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.port.PostStore;
import org.shoptide.core.port.PostStore.PostRecord;
import org.shoptide.core.shop.ShopId;

/**
 * A customer's TF-IDF keywords per language from everything they wrote or looked at: their posts and comments, their
 * search queries (search events), and the titles of the items they viewed, clicked, added to the cart and bought. All
 * of one customer's text in one language is one document; document frequencies come from the shop's post corpus (N =
 * its visible posts), so words every customer writes ("buy", "want") weigh less than the ones that set this customer
 * apart.
 */
final class CustomerKeywords {
    /** How many of the customer's newest events are read. */
    static final int TIMELINE = 500;
    /** How many of the customer's newest posts are read. */
    static final int POSTS = 200;

    private final PostStore posts;
    private final CommunityHost host;
    private final TextAnalysis analysis;
    private final CatalogCache catalog;

    CustomerKeywords(PostStore posts, CommunityHost host, TextAnalysis analysis, CatalogCache catalog) {
        this.posts = posts;
        this.host = host;
        this.analysis = analysis;
        this.catalog = catalog;
    }

    /** The top {@code n} keywords in each language the customer has text in, heaviest first. */
    Map<Language, List<TfIdf.Weighted>> of(ShopId shop, String userId, int n) {
        Map<Language, List<String>> byLanguage = new EnumMap<>(Language.class);
        for (PostRecord p : posts.byAuthor(shop, userId, POSTS)) {
            add(byLanguage, p.text());
        }
        Map<String, Item> items = catalog.get(shop).items();
        for (Event e : host.timeline(shop, userId, TIMELINE)) {
            switch (e.type()) {
                case SEARCH -> add(byLanguage, e.query());
                case VIEW, CLICK, ADD_TO_CART, LIKE -> add(byLanguage, title(items, e.itemId()));
                case PURCHASE -> {
                    for (LineItem li : e.lineItems()) {
                        add(byLanguage, title(items, li.itemId()));
                    }
                }
                default -> {
                }
            }
        }
        int documents = posts.countVisible(shop);
        Map<String, Integer> df = new LinkedHashMap<>();
        Map<Language, List<TfIdf.Weighted>> out = new EnumMap<>(Language.class);
        byLanguage.forEach((language, terms) -> out.put(language,
                TfIdf.top(terms, documents, t -> df.computeIfAbsent(t, x -> posts.documentFrequency(shop, x)), n)));
        return out;
    }

    private static String title(Map<String, Item> items, String itemId) {
        Item i = itemId == null ? null : items.get(itemId);
        return i == null ? null : i.title();
    }

    private void add(Map<Language, List<String>> byLanguage, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        TextAnalysis.Analysed a = analysis.analyse(text);
        byLanguage.computeIfAbsent(a.language(), l -> new ArrayList<>()).addAll(a.terms());
    }
}
