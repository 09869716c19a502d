package org.shoptide.assistant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.shoptide.assistant.port.CatalogSource;
import org.shoptide.assistant.port.Customer;
import org.shoptide.assistant.port.FeedbackSink;
import org.shoptide.assistant.port.OrderPort;
import org.shoptide.assistant.port.PersonalRanker;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;

/** Hand-written fakes of the assistant's ports and a small multilingual catalog. */
public final class Fixtures {
    private Fixtures() {
    }

    public static final ShopId SHOP = ShopId.of("demo");

    public static Item item(String id, String title, double price, String currency, String brand, List<String> path,
            Map<String, String> attributes, boolean inStock) {
        return new Item(id, title, null, price, currency, brand, path, attributes, List.of(), inStock, null,
                Instant.parse("2026-12-01T00:00:00Z"));
    }

    /** A shop selling in CNY whose catalog is written in Chinese, English and Russian. */
    public static List<Item> catalog() {
        List<Item> items = new ArrayList<>();
        items.add(item("zh-run-1", "耐克 Pegasus 跑步鞋", 699, "CNY", "Nike", List.of("鞋", "跑鞋"), Map.of(), true));
        items.add(item("zh-run-2", "亚瑟士 Gel-Kayano 跑鞋", 899, "CNY", "Asics", List.of("鞋", "跑鞋"), Map.of(), true));
        items.add(item("zh-run-3", "李宁 超轻 跑鞋", 299, "CNY", "Li-Ning", List.of("鞋", "跑鞋"), Map.of(), true));
        items.add(item("en-run-4", "Asics Novablast running shoes", 599, "CNY", "Asics",
                List.of("Shoes", "Running shoes"), Map.of("title_zh", "亚瑟士 Novablast 跑鞋"), true));
        items.add(item("ru-run-5", "Кроссовки Nike Air Zoom", 799, "CNY", "Nike", List.of("Обувь", "Кроссовки"),
                Map.of("colour", "чёрный"), true));
        items.add(item("en-run-6", "Nike Revolution running shoes", 399, "CNY", "Nike",
                List.of("Shoes", "Running shoes"), Map.of(), false));
        items.add(item("zh-hp-1", "索尼 无线 降噪 耳机", 1299, "CNY", "Sony", List.of("数码", "耳机"),
                Map.of("category_en", "Headphones", "title_en", "Sony wireless noise cancelling headphones"), true));
        items.add(item("en-hp-2", "Budget wired earphones", 49, "CNY", "Edifier", List.of("Audio", "Headphones"),
                Map.of(), true));
        items.add(item("ru-kt-1", "Электрочайник стеклянный", 159, "CNY", "Xiaomi", List.of("Кухня", "Чайники"),
                Map.of("title_zh", "玻璃电水壶"), true));
        return items;
    }

    /** A catalog held in memory; {@link #replace} bumps the version. */
    public static final class ListCatalog implements CatalogSource {
        private volatile List<Item> items;
        private final AtomicLong version = new AtomicLong(1);
        final AtomicInteger reads = new AtomicInteger();

        public ListCatalog(List<Item> items) {
            this.items = List.copyOf(items);
        }

        public void replace(List<Item> newItems) {
            items = List.copyOf(newItems);
            version.incrementAndGet();
        }

        @Override
        public Page<Item> items(ShopId shop, String cursor, int limit) {
            reads.incrementAndGet();
            List<Item> sorted = items.stream().sorted(Comparator.comparing(Item::id))
                    .filter(i -> cursor == null || i.id().compareTo(cursor) > 0).limit(limit + 1L).toList();
            boolean more = sorted.size() > limit;
            List<Item> page = more ? sorted.subList(0, limit) : sorted;
            return new Page<>(page, more ? page.get(page.size() - 1).id() : null);
        }

        @Override
        public long version(ShopId shop) {
            return version.get();
        }
    }

    /**
     * A personal ranker with a memory: items of brands the customer bought come first, items the customer disliked
     * last, otherwise the caller's order. Every answer gets a fresh recommendation id and is remembered.
     */
    public static final class ProfileRanker implements PersonalRanker, FeedbackSink {
        final Map<String, Set<String>> boughtBrands = new ConcurrentHashMap<>();
        final Map<String, Set<String>> disliked = new ConcurrentHashMap<>();
        final List<Ranking> answers = new CopyOnWriteArrayList<>();
        final List<Feedback> events = new CopyOnWriteArrayList<>();
        private final Map<String, String> brandOf = new HashMap<>();
        private final AtomicInteger ids = new AtomicInteger();

        public ProfileRanker(List<Item> catalog) {
            catalog.forEach(i -> brandOf.put(i.id(), i.brand()));
        }

        public void bought(String customer, String brand) {
            boughtBrands.computeIfAbsent(customer, c -> new HashSet<>()).add(brand);
        }

        @Override
        public Ranking rank(ShopId shop, Customer customer, List<String> candidates, int n) {
            Set<String> brands = boughtBrands.getOrDefault(customer.subject(), Set.of());
            Set<String> bad = disliked.getOrDefault(customer.subject(), Set.of());
            List<Ranked> out = new ArrayList<>();
            candidates.stream().filter(c -> brands.contains(brandOf.get(c)) && !bad.contains(c))
                    .forEach(c -> out.add(new Ranked(c, null, "als")));
            candidates.stream().filter(c -> !brands.contains(brandOf.get(c)) && !bad.contains(c))
                    .forEach(c -> out.add(new Ranked(c, null, "query")));
            candidates.stream().filter(bad::contains).forEach(c -> out.add(new Ranked(c, null, "query")));
            Ranking r = new Ranking("rec-" + ids.incrementAndGet(), out.subList(0, Math.min(n, out.size())));
            answers.add(r);
            return r;
        }

        @Override
        public void append(ShopId shop, Customer customer, List<Feedback> feedback) {
            for (Feedback f : feedback) {
                if (events.stream().noneMatch(e -> e.idempotencyKey().equals(f.idempotencyKey()))) {
                    events.add(f);
                    if (f.type() == Type.DISLIKE) {
                        disliked.computeIfAbsent(customer.subject(), c -> new HashSet<>()).add(f.itemId());
                    }
                }
            }
        }
    }

    /** An order port that numbers orders and returns the same order for a repeated idempotency key. */
    public static final class Orders implements OrderPort {
        final Map<String, PlacedOrder> placed = new ConcurrentHashMap<>();

        @Override
        public PlacedOrder place(ShopId shop, Customer customer, String itemId, String recommendationId,
                String idempotencyKey) {
            return placed.computeIfAbsent(idempotencyKey, k -> new PlacedOrder("ord-" + (placed.size() + 1),
                    "https://pay.example/ord-" + (placed.size() + 1)));
        }
    }
}
