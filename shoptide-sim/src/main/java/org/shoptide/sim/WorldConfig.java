package org.shoptide.sim;

/**
 * Sizes of a simulated shop and how its hidden tastes are drawn (see {@link ShopWorld} for the generative model).
 *
 * @param seed
 *            seed of the catalog and the users
 * @param users
 *            registered users {@code u0 ..}; every visitor is one of them
 * @param items
 *            catalog items {@code i0 ..}
 * @param categories
 *            leaf categories (two-level paths: department, then leaf)
 * @param brands
 *            brands
 * @param maxFavouriteCategories
 *            a user prefers 1 to this many categories (uniform), drawn by a Zipf(1) law over categories so that some
 *            categories are popular
 * @param favouriteBrands
 *            brands a user prefers, drawn uniformly
 * @param meanPrice
 *            median of the log-normal category price levels
 * @param priceSpread
 *            log-space standard deviation of category price levels around {@code meanPrice}; item prices spread with
 *            half of it around their category's level
 * @param budgetSpread
 *            log-space standard deviation of a user's budget around the price level of their first favourite category
 *            (times e^0.3, so that most of it is affordable)
 * @param dailyVisitRate
 *            mean probability that a user visits on a given day
 * @param activitySpread
 *            log-space standard deviation of the users' visit rates around {@code dailyVisitRate} (capped at 1)
 */
public record WorldConfig(long seed, int users, int items, int categories, int brands, int maxFavouriteCategories,
        int favouriteBrands, double meanPrice, double priceSpread, double budgetSpread, double dailyVisitRate,
        double activitySpread) {

    public WorldConfig {
        if (users < 1 || items < 1 || categories < 1 || brands < 1) {
            throw new IllegalArgumentException("users, items, categories and brands must be >= 1");
        }
        if (categories > items) {
            throw new IllegalArgumentException("categories (" + categories + ") must not exceed items (" + items + ")");
        }
        if (maxFavouriteCategories < 1 || maxFavouriteCategories > categories) {
            throw new IllegalArgumentException("maxFavouriteCategories must be in 1..categories");
        }
        if (favouriteBrands < 0 || favouriteBrands > brands) {
            throw new IllegalArgumentException("favouriteBrands must be in 0..brands");
        }
        if (!(meanPrice > 0) || !(priceSpread >= 0) || !(budgetSpread >= 0) || !(activitySpread >= 0)) {
            throw new IllegalArgumentException("meanPrice must be > 0 and spreads >= 0");
        }
        if (!(dailyVisitRate > 0 && dailyVisitRate <= 1)) {
            throw new IllegalArgumentException("dailyVisitRate must be in (0, 1], got " + dailyVisitRate);
        }
    }

    /**
     * Defaults for a shop of the given size: 24 categories (fewer for tiny catalogs), 30 brands, up to 3 favourite
     * categories and 2 favourite brands per user, prices around 30 (log sd 0.8), budgets log sd 0.5, users visit on 30
     * % of days on average (log sd 0.6).
     */
    public static WorldConfig of(long seed, int users, int items) {
        int categories = Math.max(1, Math.min(24, items / 10));
        int brands = Math.max(1, Math.min(30, items / 8));
        return new WorldConfig(seed, users, items, categories, brands, Math.min(3, categories), Math.min(2, brands), 30,
                0.8, 0.5, 0.3, 0.6);
    }

    public WorldConfig withSeed(long newSeed) {
        return new WorldConfig(newSeed, users, items, categories, brands, maxFavouriteCategories, favouriteBrands,
                meanPrice, priceSpread, budgetSpread, dailyVisitRate, activitySpread);
    }

    public WorldConfig withDailyVisitRate(double rate) {
        return new WorldConfig(seed, users, items, categories, brands, maxFavouriteCategories, favouriteBrands,
                meanPrice, priceSpread, budgetSpread, rate, activitySpread);
    }
}
