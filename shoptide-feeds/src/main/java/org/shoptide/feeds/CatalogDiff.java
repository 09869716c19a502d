package org.shoptide.feeds;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.shoptide.core.catalog.Item;

/**
 * Compares a feed's items with the shop's catalog and plans the writes: new items are created, items whose fields
 * differ are replaced (the changed fields are named), identical items are not written at all, and items this feed
 * delivered before (attribute {@code feed} = its id) that it no longer lists are "gone": marked out of stock, deleted
 * or kept, as the feed's {@link GonePolicy} says. Prices are compared and reported in minor units of their currency.
 */
public final class CatalogDiff {

    /** The writes of a run and what they change. */
    public record Plan(List<Item> upserts, List<String> deletes, List<ItemChange> changes, int unchanged) {
        public Plan {
            upserts = List.copyOf(upserts);
            deletes = List.copyOf(deletes);
            changes = List.copyOf(changes);
        }

        public long count(ItemChange.Kind kind) {
            return changes.stream().filter(c -> c.kind() == kind).count();
        }
    }

    private CatalogDiff() {
    }

    public static Plan plan(Map<String, Item> current, List<Item> incoming, String feedId, GonePolicy gone) {
        List<Item> upserts = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        List<ItemChange> changes = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        int unchanged = 0;
        for (Item next : incoming) {
            listed.add(next.id());
            Item before = current.get(next.id());
            if (before == null) {
                upserts.add(next);
                changes.add(new ItemChange(next.id(), ItemChange.Kind.CREATED, List.of(), null,
                        minor(next.price(), next.currency()), next.currency(), null, next.inStock()));
                continue;
            }
            List<String> fields = changedFields(before, next);
            if (fields.isEmpty()) {
                unchanged++;
                continue;
            }
            upserts.add(next);
            changes.add(
                    new ItemChange(next.id(), ItemChange.Kind.CHANGED, fields, minor(before.price(), before.currency()),
                            minor(next.price(), next.currency()), next.currency(), before.inStock(), next.inStock()));
        }
        for (Item before : current.values()) {
            if (listed.contains(before.id()) || !feedId.equals(before.attributes().get(ItemMapper.FEED_ATTRIBUTE))) {
                continue;
            }
            Long price = minor(before.price(), before.currency());
            switch (gone) {
                case OUT_OF_STOCK -> {
                    if (before.inStock()) {
                        upserts.add(new Item(before.id(), before.title(), before.description(), before.price(),
                                before.currency(), before.brand(), before.categoryPath(), before.attributes(),
                                before.tags(), false, before.imageUrl(), null));
                        changes.add(new ItemChange(before.id(), ItemChange.Kind.GONE, List.of("inStock"), price, price,
                                before.currency(), true, false));
                    } else {
                        unchanged++;
                    }
                }
                case DELETE -> {
                    deletes.add(before.id());
                    changes.add(new ItemChange(before.id(), ItemChange.Kind.GONE, List.of(), price, null,
                            before.currency(), before.inStock(), false));
                }
                case KEEP -> unchanged++;
            }
        }
        changes.sort((a, b) -> a.id().compareTo(b.id()));
        return new Plan(upserts, deletes, changes, unchanged);
    }

    static List<String> changedFields(Item a, Item b) {
        List<String> f = new ArrayList<>();
        diff(f, "title", a.title(), b.title());
        diff(f, "description", a.description(), b.description());
        diff(f, "price", a.price(), b.price());
        diff(f, "currency", a.currency(), b.currency());
        diff(f, "brand", a.brand(), b.brand());
        diff(f, "categoryPath", a.categoryPath(), b.categoryPath());
        diff(f, "attributes", a.attributes(), b.attributes());
        diff(f, "tags", a.tags(), b.tags());
        diff(f, "inStock", a.inStock(), b.inStock());
        diff(f, "imageUrl", a.imageUrl(), b.imageUrl());
        return f;
    }

    private static void diff(List<String> out, String name, Object a, Object b) {
        if (!Objects.equals(a, b)) {
            out.add(name);
        }
    }

    /** A major-unit price in minor units of its currency (2 digits when the currency is unknown or absent). */
    static Long minor(Double price, String currency) {
        if (price == null) {
            return null;
        }
        int digits = 2;
        if (currency != null) {
            try {
                digits = Math.max(Currency.getInstance(currency).getDefaultFractionDigits(), 0);
            } catch (IllegalArgumentException unknown) {
                digits = 2;
            }
        }
        return BigDecimal.valueOf(price).movePointRight(digits).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }
}
