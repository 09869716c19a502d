package org.shoptide.testing.synthetic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;

/**
 * A seeded synthetic shop: a catalog and a stream of behaviour events from users with hidden tastes, for tests,
 * simulations and benchmarks.
 * <p>
 * <b>Catalog.</b> Leaf categories (two-level paths, department then leaf) each have a log-normal price level; item
 * prices are log-normal around it. Items are spread uniformly over categories and brands; within a category the items
 * have Zipf popularity in the order they were assigned.
 * <p>
 * <b>Users.</b> Each user prefers 1–3 distinct categories (drawn by Zipf over categories, so some categories are
 * popular) and has a log-normal budget near the price level of those categories. User activity is Zipf-distributed with
 * {@link Config#userActivityExponent()}.
 * <p>
 * <b>Events.</b> Sessions of a geometric number of views; each view is in one of the user's preferred categories with
 * probability {@link Config#tasteStrength()}, else in a category drawn by global popularity, and picks an item by Zipf
 * popularity within the category. A viewed item is added to the cart with probability {@link Config#cartRate()} (a
 * tenth of that when it costs more than the budget); a session ending with a non-empty cart becomes a purchase (one
 * event with {@link LineItem}s and an order id) with probability {@link Config#purchaseRate()}. Exactly
 * {@link Config#events()} events are produced; event {@code k} of {@code n} has timestamp {@code start + period·k/n},
 * so timestamps never decrease.
 * <p>
 * <b>Determinism.</b> Everything derives from {@link Config#seed()}: two shops with equal configs produce identical
 * catalogs and event streams, and every call of {@link #events()} replays the same stream. Events are generated lazily,
 * one at a time, so a stream of millions of events needs constant memory. Instances are immutable and thread-safe; each
 * iterator is single-threaded.
 * <p>
 * Over 500 lines on purpose: the generator's configuration, its catalog and its lazy event iterator share one seeded
 * random stream, and splitting them would make the determinism harder to see.
 */
public final class SyntheticShop {
    private static final String[] DEPARTMENTS = { "Home", "Garden", "Fashion", "Electronics", "Sports", "Toys",
            "Beauty", "Books", "Food", "Outdoor", "Office", "Pets" };
    private static final String[] NOUNS = { "Lamps", "Chairs", "Tables", "Mugs", "Shirts", "Shoes", "Jackets", "Phones",
            "Cables", "Headphones", "Balls", "Rackets", "Puzzles", "Dolls", "Creams", "Soaps", "Novels", "Cookbooks",
            "Teas", "Coffees", "Tents", "Backpacks", "Pens", "Notebooks", "Leashes", "Bowls", "Rugs", "Pillows",
            "Knives", "Pans" };
    private static final String[] ADJECTIVES = { "Classic", "Sturdy", "Compact", "Deluxe", "Eco", "Smart", "Vintage",
            "Soft", "Bold", "Light", "Premium", "Basic", "Modern", "Rustic", "Travel", "Pro" };
    private static final String[] SYLLABLES = { "ka", "lo", "mi", "ra", "to", "ve", "zu", "ne", "po", "si", "da", "fe",
            "gi", "ho", "ju", "ry" };

    /**
     * Sizes and behaviour of a synthetic shop. Build one with {@link #of} and the {@code with...} methods.
     *
     * @param seed
     *            seed of every random choice
     * @param users
     *            number of users ({@code u0 ..})
     * @param items
     *            number of catalog items ({@code i0 ..})
     * @param categories
     *            number of leaf categories
     * @param brands
     *            number of brands
     * @param events
     *            number of events the stream produces
     * @param start
     *            timestamp of the first event
     * @param period
     *            span of the timestamps: the last event is just before {@code start + period}
     * @param itemZipfExponent
     *            exponent s of the Zipf popularity of items within a category (and of categories)
     * @param userActivityExponent
     *            exponent of the Zipf distribution of sessions over users (0 = uniform)
     * @param tasteStrength
     *            probability that a view is in one of the user's preferred categories
     * @param meanSessionLength
     *            mean number of views per session (geometric, at least 1)
     * @param cartRate
     *            probability that a viewed, affordable item is added to the cart
     * @param purchaseRate
     *            probability that a session with a non-empty cart ends in a purchase
     * @param currency
     *            ISO currency code of prices
     */
    public record Config(long seed, int users, int items, int categories, int brands, long events, Instant start,
            Duration period, double itemZipfExponent, double userActivityExponent, double tasteStrength,
            double meanSessionLength, double cartRate, double purchaseRate, String currency) {

        public Config {
            if (users < 1 || items < 1 || categories < 1 || brands < 1 || events < 0) {
                throw new IllegalArgumentException("users, items, categories and brands must be >= 1, events >= 0");
            }
            if (categories > items) {
                throw new IllegalArgumentException("categories must not exceed items");
            }
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(period, "period");
            Objects.requireNonNull(currency, "currency");
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive");
            }
            if (!(itemZipfExponent >= 0) || !(userActivityExponent >= 0) || !(meanSessionLength >= 1)) {
                throw new IllegalArgumentException("exponents must be >= 0 and meanSessionLength >= 1");
            }
            if (!isProbability(tasteStrength) || !isProbability(cartRate) || !isProbability(purchaseRate)) {
                throw new IllegalArgumentException("tasteStrength, cartRate and purchaseRate must be in [0, 1]");
            }
        }

        private static boolean isProbability(double p) {
            return p >= 0 && p <= 1;
        }

        /**
         * The given sizes with defaults: 30 days from 2025-01-01T00:00:00Z, Zipf exponent 1.0, user activity exponent
         * 0.5, taste strength 0.85, 8 views per session, cart rate 0.08, purchase rate 0.6, EUR.
         */
        public static Config of(long seed, int users, int items, int categories, int brands, long events) {
            return new Config(seed, users, items, categories, brands, events, Instant.parse("2025-01-01T00:00:00Z"),
                    Duration.ofDays(30), 1.0, 0.5, 0.85, 8, 0.08, 0.6, "EUR");
        }

        public Config withTime(Instant newStart, Duration newPeriod) {
            return new Config(seed, users, items, categories, brands, events, newStart, newPeriod, itemZipfExponent,
                    userActivityExponent, tasteStrength, meanSessionLength, cartRate, purchaseRate, currency);
        }

        public Config withEvents(long n) {
            return new Config(seed, users, items, categories, brands, n, start, period, itemZipfExponent,
                    userActivityExponent, tasteStrength, meanSessionLength, cartRate, purchaseRate, currency);
        }

        public Config withSeed(long s) {
            return new Config(s, users, items, categories, brands, events, start, period, itemZipfExponent,
                    userActivityExponent, tasteStrength, meanSessionLength, cartRate, purchaseRate, currency);
        }

        public Config withSkew(double newItemZipfExponent, double newUserActivityExponent) {
            return new Config(seed, users, items, categories, brands, events, start, period, newItemZipfExponent,
                    newUserActivityExponent, tasteStrength, meanSessionLength, cartRate, purchaseRate, currency);
        }

        public Config withBehaviour(double newTasteStrength, double newMeanSessionLength, double newCartRate,
                double newPurchaseRate) {
            return new Config(seed, users, items, categories, brands, events, start, period, itemZipfExponent,
                    userActivityExponent, newTasteStrength, newMeanSessionLength, newCartRate, newPurchaseRate,
                    currency);
        }

        public Config withCurrency(String newCurrency) {
            return new Config(seed, users, items, categories, brands, events, start, period, itemZipfExponent,
                    userActivityExponent, tasteStrength, meanSessionLength, cartRate, purchaseRate, newCurrency);
        }
    }

    /** Receives interactions as dense indexes, without building {@link Event} objects. */
    @FunctionalInterface
    public interface InteractionSink {
        /**
         * One interaction. A purchase arrives as one call per line item, all with the same timestamp.
         *
         * @param quantity
         *            the line's quantity for purchases, else 1
         */
        void accept(int userIndex, int itemIndex, EventType type, int quantity, long epochMillis);
    }

    private final Config config;
    private final String[] userIds;
    private final String[] itemIds;
    private final String[] categoryNames;
    private final String[] categoryDepartments;
    private final String[] brandNames;
    private final int[] itemCategory;
    private final int[] itemBrand;
    private final double[] itemPrice;
    /** Items of each category, most popular first. */
    private final int[][] categoryItems;
    /** Zipf CDF per category (shared between categories of equal size). */
    private final double[][] categoryItemCdf;
    private final double[] categoryCdf;
    private final double[] userCdf;
    private final int[][] userTastes;
    private final double[] userBudget;

    private SyntheticShop(Config c) {
        this.config = c;
        SplittableRandom rnd = new SplittableRandom(c.seed());
        userIds = ids("u", c.users());
        itemIds = ids("i", c.items());
        int departments = Math.min(DEPARTMENTS.length, Math.max(1, (int) Math.round(Math.sqrt(c.categories()))));
        categoryNames = new String[c.categories()];
        categoryDepartments = new String[c.categories()];
        double[] categoryLogPrice = new double[c.categories()];
        for (int k = 0; k < c.categories(); k++) {
            categoryDepartments[k] = DEPARTMENTS[k % departments];
            int round = k / NOUNS.length;
            categoryNames[k] = NOUNS[k % NOUNS.length] + (round == 0 ? "" : " " + (round + 1));
            categoryLogPrice[k] = Math.log(25) + 0.9 * rnd.nextGaussian();
        }
        brandNames = new String[c.brands()];
        for (int b = 0; b < c.brands(); b++) {
            brandNames[b] = brandName(b);
        }
        itemCategory = new int[c.items()];
        itemBrand = new int[c.items()];
        itemPrice = new double[c.items()];
        int[] perCategory = new int[c.categories()];
        for (int i = 0; i < c.items(); i++) {
            // the first `categories` items seed every category, so none is empty
            int cat = i < c.categories() ? i : rnd.nextInt(c.categories());
            itemCategory[i] = cat;
            perCategory[cat]++;
            itemBrand[i] = rnd.nextInt(c.brands());
            double price = Math.exp(categoryLogPrice[cat] + 0.45 * rnd.nextGaussian());
            itemPrice[i] = Math.max(0.5, Math.round(price * 100) / 100.0);
        }
        categoryItems = new int[c.categories()][];
        for (int k = 0; k < c.categories(); k++) {
            categoryItems[k] = new int[perCategory[k]];
        }
        int[] fill = new int[c.categories()];
        for (int i = 0; i < c.items(); i++) {
            int cat = itemCategory[i];
            categoryItems[cat][fill[cat]++] = i;
        }
        for (int[] list : categoryItems) {
            shuffle(list, rnd);
        }
        Map<Integer, double[]> cdfBySize = new HashMap<>();
        categoryItemCdf = new double[c.categories()][];
        for (int k = 0; k < c.categories(); k++) {
            categoryItemCdf[k] = cdfBySize.computeIfAbsent(perCategory[k], n -> zipfCdf(n, c.itemZipfExponent()));
        }
        categoryCdf = zipfCdf(c.categories(), c.itemZipfExponent());
        userCdf = zipfCdf(c.users(), c.userActivityExponent());
        userTastes = new int[c.users()][];
        userBudget = new double[c.users()];
        for (int u = 0; u < c.users(); u++) {
            int n = Math.min(c.categories(), 1 + rnd.nextInt(3));
            int[] tastes = new int[n];
            double logPrice = 0;
            for (int t = 0; t < n; t++) {
                int cat;
                do {
                    cat = sample(categoryCdf, rnd);
                } while (contains(tastes, t, cat));
                tastes[t] = cat;
                logPrice += categoryLogPrice[cat];
            }
            userTastes[u] = tastes;
            userBudget[u] = Math.round(Math.exp(logPrice / n + 0.6 + 0.5 * rnd.nextGaussian()) * 100) / 100.0;
        }
    }

    /** Generates the catalog and users of {@code config} (events are produced lazily). */
    public static SyntheticShop generate(Config config) {
        return new SyntheticShop(Objects.requireNonNull(config, "config"));
    }

    /** A small shop: 1,000 users, 500 items, 20 categories, 50 brands, 20,000 events. */
    public static SyntheticShop small(long seed) {
        return generate(Config.of(seed, 1_000, 500, 20, 50, 20_000));
    }

    /**
     * The shape of MovieLens 20M for training benchmarks: 138,493 users, 20,720 items, 20 categories (genres), 10
     * million interactions, Zipf item popularity (s = 1) and skewed user activity (exponent 0.6), long sessions of
     * views with a weaker taste signal (0.7) and few carts and purchases. Use {@link #fillTrainingData} to load it
     * without building events.
     */
    public static SyntheticShop ml20mShaped(long seed) {
        return generate(Config.of(seed, 138_493, 20_720, 20, 1_000, 10_000_000L).withSkew(1.0, 0.6)
                .withBehaviour(0.7, 20, 0.03, 0.5)
                .withTime(Instant.parse("2015-01-01T00:00:00Z"), Duration.ofDays(365)));
    }

    public Config config() {
        return config;
    }

    public int userCount() {
        return userIds.length;
    }

    public int itemCount() {
        return itemIds.length;
    }

    public int categoryCount() {
        return categoryNames.length;
    }

    public String userId(int userIndex) {
        return userIds[userIndex];
    }

    public String itemId(int itemIndex) {
        return itemIds[itemIndex];
    }

    /** User ids by index (a copy). */
    public String[] userIds() {
        return userIds.clone();
    }

    /** Item ids by index (a copy). */
    public String[] itemIds() {
        return itemIds.clone();
    }

    /** The leaf category name of a category index; leaf names are unique. */
    public String categoryName(int categoryIndex) {
        return categoryNames[categoryIndex];
    }

    /** The category path (department, leaf) of a category index. */
    public List<String> categoryPath(int categoryIndex) {
        return List.of(categoryDepartments[categoryIndex], categoryNames[categoryIndex]);
    }

    public int categoryOf(int itemIndex) {
        return itemCategory[itemIndex];
    }

    public double price(int itemIndex) {
        return itemPrice[itemIndex];
    }

    /** Items of a category, most popular first (a copy). */
    public int[] itemsOfCategory(int categoryIndex) {
        return categoryItems[categoryIndex].clone();
    }

    /** The hidden preferred category indexes of a user, in the order drawn (a copy). */
    public int[] preferredCategoryIndexes(int userIndex) {
        return userTastes[userIndex].clone();
    }

    /** The hidden preferred categories of a user as leaf names, which {@link Item#category()} returns. */
    public List<String> preferredCategories(int userIndex) {
        List<String> names = new ArrayList<>();
        for (int c : userTastes[userIndex]) {
            names.add(categoryNames[c]);
        }
        return List.copyOf(names);
    }

    /** The hidden budget of a user: items above it are rarely added to the cart. */
    public double budget(int userIndex) {
        return userBudget[userIndex];
    }

    /** The catalog item of an index. */
    public Item item(int i) {
        int cat = itemCategory[i];
        String brand = brandNames[itemBrand[i]];
        String noun = categoryNames[cat];
        String title = brand + " " + ADJECTIVES[(int) (mix(config.seed() + i) >>> 60)] + " " + singular(noun) + " "
                + (100 + i % 900);
        String description = title + " from " + brand + ", in " + categoryDepartments[cat] + " / " + noun + ".";
        return new Item(itemIds[i], title, description, itemPrice[i], config.currency(), brand, categoryPath(cat),
                Map.of(), List.of(), true, null, config.start());
    }

    /** The whole catalog, in index order. */
    public List<Item> catalog() {
        List<Item> out = new ArrayList<>(itemIds.length);
        for (int i = 0; i < itemIds.length; i++) {
            out.add(item(i));
        }
        return out;
    }

    /** A new iterator over the event stream; each call replays the same events. */
    public Iterator<Event> events() {
        return new Iterator<>() {
            private final Cursor cursor = new Cursor();

            @Override
            public boolean hasNext() {
                return cursor.hasNext();
            }

            @Override
            public Event next() {
                if (!cursor.advance()) {
                    throw new NoSuchElementException();
                }
                return cursor.toEvent();
            }
        };
    }

    /** Passes every event of the stream to {@code consumer}, in order. */
    public void forEach(Consumer<? super Event> consumer) {
        Cursor c = new Cursor();
        while (c.advance()) {
            consumer.accept(c.toEvent());
        }
    }

    /** Passes every interaction of the stream to {@code sink} as indexes, allocating nothing per event. */
    public void forEachInteraction(InteractionSink sink) {
        Cursor c = new Cursor();
        while (c.advance()) {
            if (c.type == EventType.PURCHASE) {
                for (int l = 0; l < c.cartSize; l++) {
                    sink.accept(c.user, c.cartItems[l], EventType.PURCHASE, c.cartQuantities[l], c.millis);
                }
            } else {
                sink.accept(c.user, c.item, c.type, 1, c.millis);
            }
        }
    }

    /**
     * Adds every interaction to {@code data} with the given weight per event type (a purchase line counts once,
     * whatever its quantity). Ids are the shop's precomputed strings, so no string is built per interaction.
     */
    public void fillTrainingData(TrainingData data, ToDoubleFunction<EventType> weight) {
        Objects.requireNonNull(data, "data");
        float[] byCode = new float[32];
        for (EventType t : EventType.values()) {
            byCode[t.code()] = (float) weight.applyAsDouble(t);
        }
        forEachInteraction(
                (u, i, type, quantity, millis) -> data.add(userIds[u], itemIds[i], type, byCode[type.code()], millis));
    }

    /** Weights 1 for a view, 4 for add-to-cart and 8 for a purchase (0 for the rest). */
    public static double defaultWeight(EventType type) {
        return switch (type) {
            case VIEW -> 1;
            case ADD_TO_CART -> 4;
            case PURCHASE -> 8;
            default -> 0;
        };
    }

    /** Generation state of one pass over the stream; the current event is in its fields. */
    private final class Cursor {
        private final SplittableRandom rnd = new SplittableRandom(mix(config.seed() ^ 0x5EED_E7E7L));
        private final long startMillis = config.start().toEpochMilli();
        private final double periodMillis = config.period().toMillis();
        private final double endSessionProbability = 1.0 / config.meanSessionLength();
        private long emitted;
        private long sessions;
        private long orders;
        private boolean inSession;
        private boolean sessionHasViews;
        private int pendingCart = -1;
        private int[] cartItems = new int[8];
        private int[] cartQuantities = new int[8];
        private int cartSize;
        // the current event
        private EventType type;
        private int user;
        private int item;
        private long millis;

        boolean hasNext() {
            return emitted < config.events();
        }

        /** Moves to the next event; false at the end. */
        boolean advance() {
            if (emitted >= config.events()) {
                return false;
            }
            millis = startMillis + (long) (periodMillis * emitted / config.events());
            emitted++;
            if (pendingCart >= 0) {
                type = EventType.ADD_TO_CART;
                item = pendingCart;
                pendingCart = -1;
                addToCart(item);
                return true;
            }
            while (true) {
                if (!inSession) {
                    startSession();
                }
                if (rnd.nextDouble() < endSessionProbability && sessionHasViews) {
                    inSession = false;
                    if (cartSize > 0 && rnd.nextDouble() < config.purchaseRate()) {
                        type = EventType.PURCHASE;
                        item = -1;
                        orders++;
                        return true;
                    }
                    continue;
                }
                view();
                return true;
            }
        }

        private void startSession() {
            inSession = true;
            sessionHasViews = false;
            sessions++;
            cartSize = 0;
            user = sample(userCdf, rnd);
        }

        private void view() {
            sessionHasViews = true;
            int[] tastes = userTastes[user];
            int cat = rnd.nextDouble() < config.tasteStrength() ? tastes[rnd.nextInt(tastes.length)]
                    : sample(categoryCdf, rnd);
            int[] list = categoryItems[cat];
            item = list[sample(categoryItemCdf[cat], rnd)];
            type = EventType.VIEW;
            double p = itemPrice[item] <= userBudget[user] ? config.cartRate() : config.cartRate() / 10;
            if (rnd.nextDouble() < p && !inCart(item)) {
                pendingCart = item;
            }
        }

        private boolean inCart(int i) {
            return contains(cartItems, cartSize, i);
        }

        private void addToCart(int i) {
            if (cartSize == cartItems.length) {
                cartItems = Arrays.copyOf(cartItems, cartSize * 2);
                cartQuantities = Arrays.copyOf(cartQuantities, cartSize * 2);
            }
            cartItems[cartSize] = i;
            double q = rnd.nextDouble();
            cartQuantities[cartSize++] = q < 0.8 ? 1 : q < 0.95 ? 2 : 3;
        }

        Event toEvent() {
            Instant ts = Instant.ofEpochMilli(millis);
            String session = "s" + sessions;
            String clientId = "e" + (emitted - 1);
            if (type == EventType.PURCHASE) {
                List<LineItem> lines = new ArrayList<>(cartSize);
                for (int l = 0; l < cartSize; l++) {
                    lines.add(new LineItem(itemIds[cartItems[l]], itemPrice[cartItems[l]], cartQuantities[l],
                            config.currency()));
                }
                return new Event(clientId, EventType.PURCHASE, null, userIds[user], null, session, ts, null, null, null,
                        "o" + orders, lines, null, null, null);
            }
            Double value = type == EventType.ADD_TO_CART ? (double) cartQuantities[cartSize - 1] : null;
            return new Event(clientId, type, null, userIds[user], null, session, ts, itemIds[item], value, null, null,
                    null, null, null, null);
        }
    }

    private static String[] ids(String prefix, int n) {
        String[] out = new String[n];
        for (int k = 0; k < n; k++) {
            out[k] = prefix + k;
        }
        return out;
    }

    private static String brandName(int b) {
        long h = mix(b * 0x9E3779B97F4A7C15L + 7);
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < 3; k++) {
            s.append(SYLLABLES[(int) (h & 15)]);
            h >>>= 4;
        }
        s.setCharAt(0, Character.toUpperCase(s.charAt(0)));
        return s + (b < 4096 ? "" : Integer.toString(b / 4096));
    }

    private static String singular(String plural) {
        int space = plural.indexOf(' ');
        String word = space < 0 ? plural : plural.substring(0, space);
        return word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    }

    /** Cumulative Zipf distribution over ranks 1..n with exponent s (s = 0 is uniform); last entry is exactly 1. */
    static double[] zipfCdf(int n, double s) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += Math.pow(k + 1, -s);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        cdf[n - 1] = 1.0;
        return cdf;
    }

    /** Index drawn from a cumulative distribution by binary search. */
    static int sample(double[] cdf, SplittableRandom rnd) {
        double x = rnd.nextDouble();
        int lo = 0;
        int hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int k = 0; k < n; k++) {
            if (a[k] == v) {
                return true;
            }
        }
        return false;
    }

    private static void shuffle(int[] a, SplittableRandom rnd) {
        for (int k = a.length - 1; k > 0; k--) {
            int j = rnd.nextInt(k + 1);
            int t = a[k];
            a[k] = a[j];
            a[j] = t;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
