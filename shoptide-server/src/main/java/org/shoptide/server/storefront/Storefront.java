package org.shoptide.server.storefront;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.server.http.Json;

/**
 * The demo storefront at {@code /demo/{shop}}: server-rendered pages of what a shop renders from its own catalog (home,
 * category listing, product page, cart, checkout). Every recommendation and every behaviour event goes through
 * {@code /tracker.js} and the public API with the shop's publishable key, which must be registered in
 * {@link StorefrontKeys}; the page script is {@code /static/storefront.js}. Every catalog string is HTML-escaped.
 */
public final class Storefront {
    /** Items per category page. */
    public static final int PAGE_SIZE = 48;

    private final Engine engine;
    private final StorefrontKeys keys;
    private final Catalog catalog;

    public Storefront(Engine engine, StorefrontKeys keys, Clock clock) {
        this.engine = engine;
        this.keys = keys;
        this.catalog = new Catalog(engine, clock);
    }

    public StorefrontKeys keys() {
        return keys;
    }

    /** Home: categories, "for you" and "trending" widgets. */
    public String home(String shopId) {
        Ctx c = context(shopId);
        StringBuilder b = new StringBuilder();
        b.append("<section class=\"hero\"><h1>").append(Html.escape(c.shop.name())).append("</h1>")
                .append("<p>A demo storefront on Shoptide: every recommendation below comes from the public API"
                        + " through tracker.js.</p></section>");
        widget(b, "for-you", "Recommended for you", "user", Map.of());
        widget(b, "trending", "Trending now", "trending", Map.of());
        b.append("<section><h2>Shop by category</h2><ul class=\"categories\">");
        for (String cat : catalog.of(c.id).categories()) {
            b.append("<li><a href=\"").append(c.base).append("/category/").append(Html.escape(url(cat))).append("\">")
                    .append(Html.escape(cat)).append(" <small>(").append(catalog.of(c.id).items(cat).size())
                    .append(")</small></a></li>");
        }
        b.append("</ul></section>");
        return layout(c, "home", c.shop.name(), b.toString(), Map.of());
    }

    /** A category listing, {@link #PAGE_SIZE} items per page (page numbers from 1). */
    public String category(String shopId, String category, int page) {
        Ctx c = context(shopId);
        List<Item> items = catalog.of(c.id).items(category);
        if (items.isEmpty()) {
            throw new NotFoundException("category '" + category + "' does not exist in shop '" + shopId + "'");
        }
        int pages = (items.size() + PAGE_SIZE - 1) / PAGE_SIZE;
        if (page < 1 || page > pages) {
            throw new NotFoundException("category '" + category + "' has pages 1 to " + pages + ", not " + page);
        }
        String name = Catalog.categoryOf(items.get(0));
        StringBuilder b = new StringBuilder();
        b.append("<h1>").append(Html.escape(name)).append("</h1><p>").append(items.size()).append(" products</p>");
        b.append("<ul class=\"grid\" id=\"listing\">");
        for (Item it : items.subList((page - 1) * PAGE_SIZE, Math.min(items.size(), page * PAGE_SIZE))) {
            b.append("<li class=\"card\"><a href=\"").append(productUrl(c, it.id())).append("\">")
                    .append("<span class=\"thumb\">").append(Html.escape(initial(it))).append("</span>")
                    .append("<span class=\"title\">").append(Html.escape(title(it))).append("</span>")
                    .append("<span class=\"price\">").append(Html.escape(price(it))).append("</span></a></li>");
        }
        b.append("</ul><nav class=\"pages\">");
        String catUrl = c.base + "/category/" + Html.escape(url(name));
        if (page > 1) {
            b.append("<a rel=\"prev\" href=\"").append(catUrl).append("?page=").append(page - 1)
                    .append("\">Previous</a> ");
        }
        b.append("Page ").append(page).append(" of ").append(pages);
        if (page < pages) {
            b.append(" <a rel=\"next\" href=\"").append(catUrl).append("?page=").append(page + 1).append("\">Next</a>");
        }
        b.append("</nav>");
        widget(b, "trending", "Trending in " + name, "trending", Map.of("data-category", name));
        return layout(c, "category", name, b.toString(), Map.of());
    }

    /** A product page with "similar items". */
    public String product(String shopId, String itemId) {
        Ctx c = context(shopId);
        Item it = engine.item(c.id, itemId).orElseThrow(
                () -> new NotFoundException("item '" + itemId + "' does not exist in shop '" + shopId + "'"));
        String cat = Catalog.categoryOf(it);
        StringBuilder b = new StringBuilder();
        b.append("<nav class=\"crumbs\"><a href=\"").append(c.base).append("\">Home</a> › <a href=\"").append(c.base)
                .append("/category/").append(Html.escape(url(cat))).append("\">").append(Html.escape(cat))
                .append("</a></nav>");
        b.append("<article class=\"product\" id=\"product\" data-item-id=\"").append(Html.escape(it.id()))
                .append("\" data-title=\"").append(Html.escape(title(it))).append("\" data-price=\"")
                .append(it.price() == null ? "" : it.price()).append("\" data-currency=\"")
                .append(Html.escape(currency(it))).append("\">");
        b.append("<span class=\"thumb big\">").append(Html.escape(initial(it))).append("</span><div><h1>")
                .append(Html.escape(title(it))).append("</h1><p class=\"price\">").append(Html.escape(price(it)))
                .append("</p>");
        if (it.description() != null) {
            b.append("<p>").append(Html.escape(it.description())).append("</p>");
        }
        b.append("<p class=\"sku\">Item ").append(Html.escape(it.id())).append("</p>");
        b.append(it.inStock() ? "<button id=\"add-to-cart\" type=\"button\">Add to cart</button>"
                : "<p>Out of stock</p>");
        b.append("<p id=\"added\" hidden>Added to your cart. <a href=\"").append(c.base)
                .append("/cart\">View cart</a></p></div></article>");
        widget(b, "similar", "Similar items", "item", Map.of("data-item-id", it.id()));
        return layout(c, "product", title(it), b.toString(), Map.of());
    }

    /** The cart, kept by the page script in the browser; "complete your cart" recommendations. */
    public String cart(String shopId) {
        Ctx c = context(shopId);
        String body = "<h1>Your cart</h1><table id=\"cart-lines\" class=\"lines\"></table>"
                + "<p id=\"cart-empty\" hidden>Your cart is empty.</p><p class=\"total\">Total: <span id=\"cart-total\">"
                + "</span></p><p><a id=\"checkout\" class=\"button\" href=\"" + c.base + "/checkout\">Checkout</a></p>"
                + widgetHtml("complete-cart", "Complete your cart", "cart", Map.of());
        return layout(c, "cart", "Cart", body, Map.of());
    }

    /** Checkout: order summary and "place order", which sends the purchase event. */
    public String checkout(String shopId) {
        Ctx c = context(shopId);
        String body = "<h1>Checkout</h1><table id=\"cart-lines\" class=\"lines\"></table>"
                + "<p class=\"total\">Total: <span id=\"cart-total\"></span></p>"
                + "<p><button id=\"place-order\" type=\"button\">Place order and pay</button></p>"
                + "<p id=\"order-error\" class=\"error\" hidden></p>";
        return layout(c, "checkout", "Checkout", body, Map.of());
    }

    /**
     * A page of this storefront around {@code main}, which the caller has escaped; the shop must have a storefront.
     *
     * @param page
     *            the page's name for the page script ({@code cfg.page})
     */
    public String page(String shopId, String page, String title, String main) {
        return layout(context(shopId), page, title, main, Map.of());
    }

    /** The shop of an open storefront, or {@link NotFoundException}. */
    public ShopId shop(String shopId) {
        return context(shopId).id;
    }

    // ---------------------------------------------------------------- helpers

    private record Ctx(ShopId id, Shop shop, String key, String base) {
    }

    private Ctx context(String shopId) {
        if (!ShopId.isValid(shopId)) {
            throw new NotFoundException("no storefront for shop '" + shopId + "'");
        }
        ShopId id = ShopId.of(shopId);
        String key = keys.publishableKey(id).orElseThrow(() -> new NotFoundException("no storefront for shop '" + shopId
                + "': its publishable key is not registered (start it with 'shoptide demo')"));
        Shop shop = engine.shop(id).orElseThrow(() -> new NotFoundException("shop '" + shopId + "' does not exist"));
        return new Ctx(id, shop, key, "/demo/" + url(shopId));
    }

    private static void widget(StringBuilder b, String id, String heading, String scenario, Map<String, String> data) {
        b.append(widgetHtml(id, heading, scenario, data));
    }

    private static String widgetHtml(String id, String heading, String scenario, Map<String, String> data) {
        StringBuilder b = new StringBuilder("<section class=\"recs\"><h2>").append(Html.escape(heading))
                .append("</h2><div class=\"carousel\" id=\"").append(id).append("\" data-scenario=\"").append(scenario)
                .append('"');
        data.forEach((k, v) -> b.append(' ').append(k).append("=\"").append(Html.escape(v)).append('"'));
        return b.append("></div></section>").toString();
    }

    private String layout(Ctx c, String page, String title, String main, Map<String, Object> extra) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("shop", c.id.value());
        cfg.put("key", c.key);
        cfg.put("base", c.base);
        cfg.put("consentRequired", c.shop.trackingConsentRequired());
        cfg.put("page", page);
        cfg.putAll(extra);
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(cfg);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder b = new StringBuilder(4096);
        b.append("<!doctype html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(Html.escape(title)).append(" · ").append(Html.escape(c.shop.name())).append("</title>")
                .append("<link rel=\"stylesheet\" href=\"/static/storefront.css\"></head><body data-page=\"")
                .append(page).append("\"><header><a class=\"logo\" href=\"").append(c.base).append("\">")
                .append(Html.escape(c.shop.name())).append("</a><a id=\"cart-link\" href=\"").append(c.base)
                .append("/cart\">Cart (<span id=\"cart-count\">0</span>)</a> <a id=\"account-link\" href=\"")
                .append(c.base).append("/account\">Your orders</a></header><main>").append(main).append("</main>")
                .append("<aside class=\"chat\"><h2>Ask the shop assistant</h2>"
                        + "<div id=\"assistant-chat\" data-shoptide-chat></div></aside>")
                .append("<div id=\"consent\" class=\"consent\" hidden><p>This shop would like to remember you and"
                        + " record what you view to recommend products. Nothing is stored or sent until you agree.</p>"
                        + "<button id=\"consent-accept\" type=\"button\">Accept</button> "
                        + "<button id=\"consent-refuse\" type=\"button\">Refuse</button></div>")
                // the shop's own widget template: tracker.js fills [data-field] as text and [data-attr-*] attributes
                .append("<template id=\"rec-card\"><a class=\"card rec\" data-attr-href=\"url\">"
                        + "<span class=\"thumb\" data-field=\"category\"></span>"
                        + "<span class=\"title\" data-field=\"title\"></span>"
                        + "<span class=\"price\" data-field=\"priceText\"></span></a></template>")
                .append("<script id=\"shoptide-config\" type=\"application/json\">").append(Html.scriptJson(json))
                .append("</script><script src=\"/tracker.js\"></script><script src=\"/static/storefront.js\"></script>")
                .append("</body></html>");
        return b.toString();
    }

    private static String productUrl(Ctx c, String itemId) {
        return c.base + "/product/" + Html.escape(url(itemId));
    }

    /** {@code s} as one URL path segment or query value. */
    public static String url(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String title(Item it) {
        return it.title() == null || it.title().isBlank() ? it.id() : it.title();
    }

    private static String initial(Item it) {
        String t = title(it).strip();
        return t.isEmpty() ? "?" : t.substring(0, t.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT);
    }

    private static String currency(Item it) {
        return it.currency() == null ? "" : it.currency();
    }

    static String price(Item it) {
        if (it.price() == null) {
            return "";
        }
        String sym = switch (currency(it)) {
            case "GBP" -> "£";
            case "EUR" -> "€";
            case "USD" -> "$";
            default -> "";
        };
        String amount = String.format(Locale.ROOT, "%.2f", it.price());
        return sym.isEmpty() ? amount + " " + currency(it) : sym + amount;
    }
}
