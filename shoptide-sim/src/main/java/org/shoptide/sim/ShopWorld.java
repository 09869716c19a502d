package org.shoptide.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded synthetic shop with hidden truths: a priced catalog and users with tastes and budgets that only the
 * simulator knows.
 * <p>
 * <b>Catalog.</b> Leaf categories belong to departments (about √categories of them); each has a log-normal price level
 * ({@link WorldConfig#meanPrice()}, log sd {@link WorldConfig#priceSpread()}). Items are spread round-robin over
 * categories, get a uniformly drawn brand, a standard-normal quality and a log-normal price around their category's
 * level (log sd half the category spread, rounded to cents).
 * <p>
 * <b>Users.</b> Each user prefers 1 to {@link WorldConfig#maxFavouriteCategories()} categories, drawn without
 * replacement by a Zipf(1) law over categories, with taste {@code 1/(1+r)^0.7} for the favourite of rank r (1, 0.62,
 * 0.46) and 0 elsewhere; {@link WorldConfig#favouriteBrands()} favourite brands drawn uniformly; a budget log-normal
 * around {@code e^0.3} times the price level of the first favourite category; and a daily visit probability.
 * <p>
 * Everything derives from {@link WorldConfig#seed()}; instances are immutable.
 */
public final class ShopWorld {
    private static final String[] DEPARTMENTS = { "Home", "Garden", "Fashion", "Electronics", "Sports", "Toys",
            "Beauty", "Books", "Food", "Outdoor", "Office", "Pets" };
    private static final String[] LEAVES = { "Lamps", "Chairs", "Tables", "Mugs", "Shirts", "Shoes", "Jackets",
            "Phones", "Cables", "Headphones", "Balls", "Rackets", "Puzzles", "Dolls", "Creams", "Soaps", "Novels",
            "Cookbooks", "Teas", "Coffees", "Tents", "Backpacks", "Pens", "Notebooks", "Leashes", "Bowls", "Rugs",
            "Pillows", "Knives", "Pans" };
    private static final String[] ADJECTIVES = { "Classic", "Sturdy", "Compact", "Deluxe", "Eco", "Smart", "Vintage",
            "Soft", "Bold", "Light", "Premium", "Basic", "Modern", "Rustic", "Travel", "Pro" };
    private static final String[] SYLLABLES = { "ka", "lo", "mi", "ra", "to", "ve", "zu", "ne", "po", "si", "da", "fe",
            "gi", "ho", "ju", "ry" };

    private final WorldConfig config;
    private final String[] departmentOf;
    private final String[] leafOf;
    private final double[] priceLevel;
    private final String[] brandNames;
    private final int[] itemCategory;
    private final int[] itemBrand;
    private final double[] itemQuality;
    private final double[] itemPrice;
    private final String[] itemTitle;
    private final int[][] categoryItems;
    private final double[][] categoryItemCdf;
    private final double[][] taste;
    private final int[][] favourites;
    private final boolean[][] favouriteBrand;
    private final double[] budget;
    private final double[] visitRate;

    private ShopWorld(WorldConfig c) {
        this.config = c;
        SplittableRandom rnd = new SplittableRandom(c.seed());
        int cats = c.categories();
        int departments = Math.min(DEPARTMENTS.length, Math.max(1, (int) Math.round(Math.sqrt(cats))));
        departmentOf = new String[cats];
        leafOf = new String[cats];
        priceLevel = new double[cats];
        for (int k = 0; k < cats; k++) {
            departmentOf[k] = DEPARTMENTS[k % departments];
            leafOf[k] = LEAVES[k % LEAVES.length] + (k < LEAVES.length ? "" : " " + (k / LEAVES.length + 1));
            priceLevel[k] = c.meanPrice() * Math.exp(c.priceSpread() * rnd.nextGaussian());
        }
        brandNames = new String[c.brands()];
        for (int b = 0; b < brandNames.length; b++) {
            // the first two syllables are distinct for b < 256; beyond that the index keeps names unique
            String s = SYLLABLES[b % 16] + SYLLABLES[(b / 16 + 7 * b) % 16] + SYLLABLES[(3 * b + 5) % 16];
            brandNames[b] = Character.toUpperCase(s.charAt(0)) + s.substring(1) + (b < 256 ? "" : Integer.toString(b));
        }
        int n = c.items();
        itemCategory = new int[n];
        itemBrand = new int[n];
        itemQuality = new double[n];
        itemPrice = new double[n];
        itemTitle = new String[n];
        List<List<Integer>> byCategory = new ArrayList<>();
        for (int k = 0; k < cats; k++) {
            byCategory.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            int k = i % cats;
            itemCategory[i] = k;
            itemBrand[i] = rnd.nextInt(c.brands());
            itemQuality[i] = rnd.nextGaussian();
            double p = priceLevel[k] * Math.exp(c.priceSpread() / 2 * rnd.nextGaussian());
            itemPrice[i] = Math.max(0.5, Math.round(p * 100) / 100.0);
            String leaf = leafOf[k];
            itemTitle[i] = ADJECTIVES[rnd.nextInt(ADJECTIVES.length)] + " " + brandNames[itemBrand[i]] + " "
                    + leaf.substring(0, leaf.length() - (leaf.endsWith("s") ? 1 : 0)) + " " + i;
            byCategory.get(k).add(i);
        }
        categoryItems = new int[cats][];
        categoryItemCdf = new double[cats][];
        for (int k = 0; k < cats; k++) {
            int[] ids = byCategory.get(k).stream().mapToInt(Integer::intValue).toArray();
            double[] cdf = new double[ids.length];
            double sum = 0;
            for (int x = 0; x < ids.length; x++) {
                sum += Math.exp(itemQuality[ids[x]]);
                cdf[x] = sum;
            }
            for (int x = 0; x < ids.length; x++) {
                cdf[x] /= sum;
            }
            categoryItems[k] = ids;
            categoryItemCdf[k] = cdf;
        }
        double[] categoryZipf = new double[cats];
        for (int k = 0; k < cats; k++) {
            categoryZipf[k] = 1.0 / (k + 1);
        }
        int users = c.users();
        taste = new double[users][cats];
        favourites = new int[users][];
        favouriteBrand = new boolean[users][c.brands()];
        budget = new double[users];
        visitRate = new double[users];
        for (int u = 0; u < users; u++) {
            int k = 1 + rnd.nextInt(c.maxFavouriteCategories());
            double[] w = categoryZipf.clone();
            favourites[u] = new int[k];
            for (int r = 0; r < k; r++) {
                int cat = draw(w, rnd);
                favourites[u][r] = cat;
                taste[u][cat] = 1 / Math.pow(1 + r, 0.7);
                w[cat] = 0;
            }
            int[] brands = shuffledPrefix(c.brands(), c.favouriteBrands(), rnd);
            for (int b : brands) {
                favouriteBrand[u][b] = true;
            }
            budget[u] = Math.round(
                    priceLevel[favourites[u][0]] * Math.exp(0.3 + c.budgetSpread() * rnd.nextGaussian()) * 100) / 100.0;
            double s = c.activitySpread();
            visitRate[u] = Math.min(1, c.dailyVisitRate() * Math.exp(s * rnd.nextGaussian() - s * s / 2));
        }
    }

    public static ShopWorld generate(WorldConfig config) {
        return new ShopWorld(config);
    }

    public WorldConfig config() {
        return config;
    }

    public int users() {
        return config.users();
    }

    public int items() {
        return config.items();
    }

    public int categories() {
        return config.categories();
    }

    public static String userId(int u) {
        return "u" + u;
    }

    public static String itemId(int i) {
        return "i" + i;
    }

    /** The dense index of an item id produced by {@link #itemId}, or -1. */
    public int itemIndex(String id) {
        if (id == null || id.length() < 2 || id.charAt(0) != 'i') {
            return -1;
        }
        try {
            int i = Integer.parseInt(id, 1, id.length(), 10);
            return i < items() ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public String department(int category) {
        return departmentOf[category];
    }

    public String leaf(int category) {
        return leafOf[category];
    }

    public int category(int item) {
        return itemCategory[item];
    }

    public String brand(int item) {
        return brandNames[itemBrand[item]];
    }

    public int brandIndex(int item) {
        return itemBrand[item];
    }

    public double price(int item) {
        return itemPrice[item];
    }

    public double quality(int item) {
        return itemQuality[item];
    }

    public String title(int item) {
        return itemTitle[item];
    }

    public double budget(int user) {
        return budget[user];
    }

    public double visitRate(int user) {
        return visitRate[user];
    }

    /** The user's taste for a category, in [0, 1]. */
    public double taste(int user, int category) {
        return taste[user][category];
    }

    /** The user's favourite categories, strongest first. */
    public int[] favourites(int user) {
        return favourites[user].clone();
    }

    public boolean likesBrand(int user, int item) {
        return favouriteBrand[user][itemBrand[item]];
    }

    /** The hidden value of an item for a user under a choice model (see {@link ChoiceModel}). */
    public double value(ChoiceModel m, int user, int item) {
        return m.tasteWeight() * taste[user][itemCategory[item]] + (likesBrand(user, item) ? m.brandWeight() : 0)
                + m.qualityWeight() * itemQuality[item];
    }

    /** An organic view's item: favourite category with probability organicTaste, then by exp(quality). */
    public int browse(ChoiceModel m, int user, SplittableRandom rnd) {
        int cat;
        if (rnd.nextDouble() < m.organicTaste()) {
            cat = draw(taste[user], rnd);
        } else {
            cat = rnd.nextInt(categories());
        }
        double[] cdf = categoryItemCdf[cat];
        int x = Arrays.binarySearch(cdf, rnd.nextDouble());
        x = x < 0 ? -x - 1 : x;
        return categoryItems[cat][Math.min(x, cdf.length - 1)];
    }

    /** An index drawn with probability proportional to the non-negative weights (at least one positive). */
    static int draw(double[] weights, SplittableRandom rnd) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double x = rnd.nextDouble() * sum;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                last = i;
                x -= weights[i];
                if (x < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    private static int[] shuffledPrefix(int n, int k, SplittableRandom rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return Arrays.copyOf(a, k);
    }
}
