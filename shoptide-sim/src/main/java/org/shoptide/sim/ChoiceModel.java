package org.shoptide.sim;

/**
 * How a simulated user reacts to what they see: a position-based click model (Craswell et al. 2008, "An experimental
 * comparison of click position-bias models") with a purchase funnel behind each click.
 * <ul>
 * <li><b>Value</b> of item j for user u: {@code v = tasteWeight·taste(u, category(j)) + brandWeight·[brand(j) is a
 * favourite of u] + qualityWeight·quality(j)}, with taste in [0, 1] (1 for the first favourite category) and quality
 * standard normal. The taste and brand terms are hidden from the server: it can only learn them from behaviour.
 * <li><b>Affordability</b>: 1 when the price is within the user's budget, else {@code exp(-budgetPenalty·(price/budget
 * - 1))}.
 * <li><b>Examination</b> of the item at 1-based position k of a recommended list: {@code 1 / log2(1 + k)^positionDecay}
 * (the DCG discount for decay 1), independent of the item.
 * <li><b>Click</b> when examined: {@code σ(v + clickIntercept)}.
 * <li><b>Add to cart</b> after a click or an organic view: {@code σ(v + cartIntercept)·affordability} (times
 * {@code organicCartFactor} for organic views: browsing converts less than a click on a suggestion the user liked).
 * <li><b>Checkout</b>: at the end of a session a non-empty cart is bought, as one order, with probability
 * {@code checkoutRate}.
 * <li><b>Organic browsing</b>: before the recommendation slot a session views a geometric number of items (mean
 * {@code meanOrganicViews}); each view is in a favourite category (picked in proportion to taste) with probability
 * {@code organicTaste}, else in a uniformly drawn category, and picks an item there with probability proportional to
 * {@code exp(quality)}.
 * </ul>
 * σ is the logistic function. All parameters are documented in docs/EXPERIMENTS.md with their defaults.
 */
public record ChoiceModel(double tasteWeight, double brandWeight, double qualityWeight, double clickIntercept,
        double cartIntercept, double organicCartFactor, double checkoutRate, double budgetPenalty, double positionDecay,
        double meanOrganicViews, double organicTaste) {

    public ChoiceModel {
        if (!(checkoutRate >= 0 && checkoutRate <= 1) || !(organicTaste >= 0 && organicTaste <= 1)
                || !(organicCartFactor >= 0 && organicCartFactor <= 1)) {
            throw new IllegalArgumentException("checkoutRate, organicTaste and organicCartFactor must be in [0, 1]");
        }
        if (!(budgetPenalty >= 0) || !(positionDecay >= 0) || !(meanOrganicViews >= 0)) {
            throw new IllegalArgumentException("budgetPenalty, positionDecay and meanOrganicViews must be >= 0");
        }
    }

    /** The defaults used by every documented run. */
    public static ChoiceModel defaults() {
        return new ChoiceModel(3.0, 0.8, 0.6, -4.0, -2.5, 0.25, 0.5, 2.0, 1.0, 3.0, 0.8);
    }

    /** Probability that the item at 1-based {@code position} is looked at. */
    public double examination(int position) {
        return Math.pow(Math.log(1 + position) / Math.log(2), -positionDecay);
    }

    public double click(double value) {
        return sigmoid(value + clickIntercept);
    }

    public double cart(double value, double affordability, boolean organic) {
        return sigmoid(value + cartIntercept) * affordability * (organic ? organicCartFactor : 1);
    }

    public double affordability(double price, double budget) {
        return price <= budget ? 1 : Math.exp(-budgetPenalty * (price / budget - 1));
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
