package org.shoptide.feeds;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shoptide.core.catalog.Item;

/**
 * Turns {@link RawItem}s into catalog {@link Item}s, the same for every format:
 * <ul>
 * <li>{@code price} / {@code salePrice}: a decimal number with an optional ISO 4217 code before or after it
 * ({@code "12.99 USD"}, {@code "USD 12.99"}, {@code "12.99"}); a sale price, when present, is the item's price and the
 * regular one is kept as attribute {@code regularPrice}. The currency comes from the price, else the {@code currency}
 * field, else the feed's {@code currency} option.
 * <li>{@code availability}: schema.org names or Merchant values, any case, with or without the schema.org prefix;
 * {@code InStock, in stock, in_stock, LimitedAvailability, OnlineOnly, InStoreOnly, PreOrder, PreSale, BackOrder,
 * true, yes, 1} are in stock; {@code OutOfStock, out of stock, SoldOut, Discontinued, false, no, 0} are not; absent
 * means in stock. Anything else is an error.
 * <li>{@code category}: a path split at the feed's separator ({@code "Garden > Tools"}); {@code tags}: comma-separated.
 * <li>every item gets attribute {@code feed} = the feed id: that is how a later run knows which items are its own.
 * </ul>
 * Errors are collected for all items, not only the first.
 */
public final class ItemMapper {
    /** Attribute that names the feed an item came from. */
    public static final String FEED_ATTRIBUTE = "feed";
    private static final Pattern PRICE = Pattern
            .compile("^\\s*(?:([A-Za-z]{3})\\s*)?([-+]?\\d{1,15}(?:[.,]\\d{1,6})?)\\s*(?:([A-Za-z]{3}))?\\s*$");

    private ItemMapper() {
    }

    /** A priced amount: major units and an optional currency. */
    record Price(BigDecimal amount, String currency) {
    }

    public static List<Item> map(FeedDefinition feed, List<RawItem> raws, List<FeedError> errors) {
        List<Item> out = new ArrayList<>(raws.size());
        for (RawItem raw : raws) {
            map(feed, raw, errors).ifPresent(out::add);
        }
        return out;
    }

    static Optional<Item> map(FeedDefinition feed, RawItem raw, List<FeedError> errors) {
        int before = errors.size();
        String id = blankToNull(raw.get("id"));
        String label = id != null ? id : "#" + raw.index();
        if (id == null) {
            errors.add(FeedError.at(raw.at(), label, "id", "item has no id"));
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        raw.fields().forEach((k, v) -> {
            if (k.startsWith("attributes.") && v != null && !v.isBlank()) {
                attributes.put(k.substring("attributes.".length()), v.strip());
            }
        });
        String currency = blankToNull(raw.get("currency"));
        Double price = null;
        Price regular = price(raw, "price", label, errors);
        Price sale = price(raw, "salePrice", label, errors);
        Price effective = sale != null ? sale : regular;
        if (effective != null) {
            price = effective.amount().doubleValue();
            if (effective.currency() != null) {
                currency = effective.currency();
            }
            if (sale != null && regular != null) {
                attributes.put("regularPrice", regular.amount().toPlainString());
            }
        }
        if (currency == null && price != null) {
            currency = feed.options().currency();
        }
        if (currency != null) {
            currency = currency.toUpperCase(Locale.ROOT);
        }
        boolean inStock = availability(raw, label, errors);
        attributes.put(FEED_ATTRIBUTE, feed.id());
        if (errors.size() > before || id == null) {
            return Optional.empty();
        }
        return Optional.of(new Item(id.strip(), strip(raw.get("title")), strip(raw.get("description")), price, currency,
                strip(raw.get("brand")), category(raw.get("category"), feed.options().categorySeparator()), attributes,
                tags(raw.get("tags")), inStock, strip(raw.get("imageUrl")), null));
    }

    static Price parsePrice(String text) {
        Matcher m = PRICE.matcher(text);
        if (!m.matches() || (m.group(1) != null && m.group(3) != null)) {
            return null;
        }
        String number = m.group(2).replace(',', '.');
        String code = m.group(1) != null ? m.group(1) : m.group(3);
        return new Price(new BigDecimal(number), code == null ? null : code.toUpperCase(Locale.ROOT));
    }

    private static Price price(RawItem raw, String field, String label, List<FeedError> errors) {
        String text = blankToNull(raw.get(field));
        if (text == null) {
            return null;
        }
        Price p = parsePrice(text);
        if (p == null) {
            errors.add(FeedError.at(raw.at(), label, field,
                    "price '" + text + "' is not a number with an optional currency code, like \"12.99 USD\""));
        } else if (p.amount().signum() < 0) {
            errors.add(FeedError.at(raw.at(), label, field, "price '" + text + "' is negative"));
            return null;
        }
        return p;
    }

    private static boolean availability(RawItem raw, String label, List<FeedError> errors) {
        String text = blankToNull(raw.get("availability"));
        if (text == null) {
            return true;
        }
        String v = text.strip();
        int slash = v.lastIndexOf('/');
        v = (slash >= 0 ? v.substring(slash + 1) : v).toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
        return switch (v) {
            case "instock", "limitedavailability", "onlineonly", "instoreonly", "preorder", "presale", "backorder",
                    "true", "yes", "1", "available" -> true;
            case "outofstock", "soldout", "discontinued", "false", "no", "0", "unavailable" -> false;
            default -> {
                errors.add(FeedError.at(raw.at(), label, "availability", "unknown availability '" + text
                        + "' (expected e.g. \"in stock\", \"out of stock\" or a schema.org ItemAvailability)"));
                yield true;
            }
        };
    }

    private static List<String> category(String text, String separator) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> path = new ArrayList<>();
        for (String part : text.split(Pattern.quote(separator))) {
            if (!part.isBlank()) {
                path.add(part.strip());
            }
        }
        return path;
    }

    private static List<String> tags(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        for (String t : text.split(",")) {
            if (!t.isBlank() && !tags.contains(t.strip())) {
                tags.add(t.strip());
            }
        }
        return tags;
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
