package org.shoptide.core.job;

import org.shoptide.core.shop.ShopId;

/**
 * A filter over runs, newest first. Every filter may be null (no filter).
 *
 * @param kind
 *            only this kind
 * @param shop
 *            only this shop's runs
 * @param state
 *            only runs in this state
 * @param beforeId
 *            only runs with a smaller id (the cursor of the next page)
 * @param limit
 *            at most this many, 1 to 1000
 */
public record JobRunQuery(String kind, ShopId shop, JobState state, Long beforeId, int limit) {
    public JobRunQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be between 1 and 1000: " + limit);
        }
    }

    /** All runs, newest first, at most {@code limit}. */
    public static JobRunQuery latest(int limit) {
        return new JobRunQuery(null, null, null, null, limit);
    }
}
