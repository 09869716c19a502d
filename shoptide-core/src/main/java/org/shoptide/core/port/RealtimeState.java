package org.shoptide.core.port;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.shoptide.core.shop.ShopId;

/**
 * Fresh behaviour state of one shop, derived from its event log and rebuilt by replaying it: per user or visitor what
 * they did recently, per item decayed activity counters. Kept behind this interface so a shared implementation (e.g.
 * Redis) can replace the in-memory one for several engine nodes.
 * <p>
 * Implementations are thread-safe: one writer applies events in log order while requests read snapshots. Every
 * implementation runs {@code RealtimeStateContract} in {@code shoptide-testing}; the composition root picks one by the
 * {@code realtime.uri} setting ({@code memory:} is the in-process default).
 */
public interface RealtimeState {

    /** Opens the realtime state of one shop; the composition root passes one factory to the engine. */
    @FunctionalInterface
    interface Factory {
        /**
         * Opens the state of {@code shop}.
         *
         * @param categoriesOf
         *            category path of an item in the shop's catalog (empty when unknown); used for category affinity
         */
        RealtimeState open(ShopId shop, Limits limits, Function<String, List<String>> categoriesOf);
    }

    /**
     * Bounds every implementation keeps per subject and the half-lives of the item counters.
     *
     * @param recentItems
     *            most recent distinct items kept per subject
     * @param sessionItems
     *            items kept of the current session
     * @param sessionGapMillis
     *            inactivity after which a new session starts (when the client sends no session id)
     * @param maxPurchased
     *            purchased items kept per subject
     * @param maxCart
     *            items kept in the cart
     * @param maxDisliked
     *            disliked items kept per subject
     * @param maxCategories
     *            categories kept in a subject's category affinity
     */
    record Limits(int recentItems, int sessionItems, long sessionGapMillis, int maxPurchased, int maxCart,
            int maxDisliked, int maxCategories, long trendingHalfLifeMillis, long popularityHalfLifeMillis) {
    }

    /**
     * Records an interaction of {@code subject} (user id, or anonymous id when unknown) with one item.
     *
     * @param kind
     *            what happened
     * @param weight
     *            implicit-feedback weight (&gt; 0 for positive evidence)
     * @param sessionId
     *            the client's session id, or null to split sessions by inactivity
     */
    void interact(String subject, String itemId, Interaction kind, float weight, String sessionId, long epochMillis);

    /** A consistent copy of the subject's state, or empty when nothing is known about them. */
    Optional<UserSnapshot> user(String subject);

    /** Moves everything known about {@code from} into {@code into} (anonymous visitor merged into a user). */
    void merge(String from, String into);

    /** Forgets the subject entirely; true if something was dropped. */
    boolean drop(String subject);

    /** Decayed recent activity of the item at {@code nowMillis} (short half-life), 0 when none. */
    double trending(String itemId, long nowMillis);

    /** Decayed activity of the item at {@code nowMillis} (long half-life), 0 when none. */
    double popularity(String itemId, long nowMillis);

    /**
     * A number that changes whenever an item counter changes. Between changes the ranking of items by either counter is
     * stable (all counters decay at the same rate), so callers may cache rankings keyed by it.
     */
    long itemVersion();

    /** Visits every item with activity. */
    void forEachItem(ItemVisitor visitor, long nowMillis);

    /** Number of users and visitors with state. */
    int subjects();

    /**
     * True when several engine nodes apply the same log into this one state (Redis, say). The engine then routes the
     * effect of every logged event through {@link #applyOnce}, so each event changes the state exactly once, whichever
     * node gets there first. Per-node states (the in-memory default) return false: each node applies everything.
     */
    default boolean shared() {
        return false;
    }

    /**
     * Makes {@code changes} (calls of {@link #interact}, {@link #merge} and {@link #drop} on this state, possibly none)
     * the effect of the log event at {@code offset}, if and only if it is the next one the state expects. For a shared
     * state this is atomic: the changes and the advanced {@link #appliedOffset} become visible together or not at all.
     *
     * @return {@link Applied#APPLIED} when the changes ran and the state now expects {@code offset + 1};
     *         {@link Applied#ALREADY} when the state is past {@code offset} (another node applied it; nothing ran);
     *         {@link Applied#GAP} when the state expects an earlier offset (it lost data, e.g. a Redis restart without
     *         persistence, or it is new): the caller replays the log from {@link #appliedOffset} first. Per-node states
     *         always run the changes and answer APPLIED.
     */
    default Applied applyOnce(long offset, Runnable changes) {
        changes.run();
        return Applied.APPLIED;
    }

    /** For a shared state, the offset of the next log event it expects (0 when empty or lost); 0 otherwise. */
    default long appliedOffset() {
        return 0;
    }

    /** Outcome of {@link #applyOnce}. */
    enum Applied {
        APPLIED, ALREADY, GAP
    }

    /** What an interaction does to the state. */
    enum Interaction {
        /** Positive evidence: view, click, like, rating, custom event. */
        ENGAGE,
        /** Positive evidence and the item enters the cart. */
        ADD_TO_CART,
        /** The item leaves the cart. */
        REMOVE_FROM_CART,
        /** Positive evidence, the item leaves the cart and enters the purchased set. */
        PURCHASE,
        /** The item is excluded from this subject's answers. */
        DISLIKE
    }

    /** Receives one item's counters. */
    @FunctionalInterface
    interface ItemVisitor {
        void visit(String itemId, double trending, double popularity);
    }
}
