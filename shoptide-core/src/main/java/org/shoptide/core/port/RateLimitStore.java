package org.shoptide.core.port;

/**
 * Token buckets, one per key (the HTTP layer uses {@code <shop>/<key kind>}), shared by every engine node that uses the
 * same store so a shop's limit holds across nodes. A bucket holds at most {@code burst} tokens and refills continuously
 * at {@code perSecond}; a bucket never used (or idle long enough to refill) is full. Time comes from the clock the
 * implementation was built with; a shared implementation tolerates small clock differences between nodes by never
 * refilling for time that goes backwards.
 * <p>
 * Every implementation runs {@code RateLimitStoreContract} in {@code shoptide-testing}.
 */
public interface RateLimitStore {

    /**
     * Takes one token from the bucket {@code key} if it has one.
     *
     * @param perSecond
     *            refill rate, &gt; 0
     * @param burst
     *            bucket size, &gt;= 1
     *
     * @return 0 when a token was taken; else the whole seconds until one will be there (at least 1), and nothing was
     *         taken
     *
     * @throws IllegalArgumentException
     *             for a blank key, a rate &lt;= 0 or a burst &lt; 1
     * @throws StoreException
     *             when a shared store cannot be reached (callers decide whether to fail open)
     */
    long acquire(String key, double perSecond, double burst);

    /** Checks the arguments of {@link #acquire} the same way in every implementation. */
    static void check(String key, double perSecond, double burst) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("rate limit key must not be blank");
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(
                    "rate limit must be a positive number of tokens a second, got " + perSecond);
        }
        if (!(burst >= 1) || Double.isInfinite(burst)) {
            throw new IllegalArgumentException("rate limit burst must be at least 1 token, got " + burst);
        }
    }
}
