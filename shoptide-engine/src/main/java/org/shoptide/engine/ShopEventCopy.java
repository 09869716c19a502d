package org.shoptide.engine;

import java.util.Set;
import org.shoptide.core.shop.ShopId;

/**
 * A copy of the shops' events kept outside the event log (the Parquet lake that Spark trains on) that must follow the
 * log: it is told when the engine opens a shop (at start-up and when a shop is created later) and when a user is
 * erased, and it is closed with the engine, before the event log.
 */
public interface ShopEventCopy extends AutoCloseable {
    /**
     * Starts copying {@code shop}'s events (idempotent). Called under the engine's shop-opening lock: keep it short.
     */
    void open(ShopId shop);

    /**
     * Removes every copied event whose user id or anonymous id is in {@code subjects} (the erased user and their
     * aliases: the same rule as the log's erasure), before the erasure request returns.
     */
    void erase(ShopId shop, Set<String> subjects);

    @Override
    void close();
}
