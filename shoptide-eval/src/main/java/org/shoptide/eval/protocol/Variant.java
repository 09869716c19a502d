package org.shoptide.eval.protocol;

/**
 * One way of scoring the same split.
 *
 * @param name
 *            {@code loo}, {@code all} or {@code new}
 * @param maskHistory
 *            whether items the user interacted with in training are removed from the ranking (except the variant's own
 *            targets)
 * @param newItemsOnly
 *            whether targets the user interacted with in training are dropped (a case left without targets is not
 *            scored in this variant)
 */
public record Variant(String name, boolean maskHistory, boolean newItemsOnly) {
    /** Leave-one-out: history masked, except the target itself if the user had it before (never in ML-1M). */
    public static final Variant LOO = new Variant("loo", true, false);
    /** Temporal, every purchase after the cut is a target, nothing masked (re-buying counts). */
    public static final Variant ALL = new Variant("all", false, false);
    /** Temporal, only items the customer never had before the cut are targets, history masked. */
    public static final Variant NEW = new Variant("new", true, true);

    public static Variant named(String name) {
        return switch (name) {
            case "loo" -> LOO;
            case "all" -> ALL;
            case "new" -> NEW;
            default -> throw new IllegalArgumentException("unknown variant '" + name + "'; known: loo, all, new");
        };
    }
}
