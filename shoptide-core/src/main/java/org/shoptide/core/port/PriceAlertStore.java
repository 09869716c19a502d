package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.shoptide.core.price.DropNotice;
import org.shoptide.core.price.PriceAlertSettings;
import org.shoptide.core.price.PriceDrop;
import org.shoptide.core.price.WebhookDelivery;
import org.shoptide.core.shop.ShopId;

/**
 * Price drops, who is notified of them, and their webhook outbox; plus each shop's alert settings. Contract:
 * {@code PriceAlertStoreContract} in shoptide-testing.
 * <ul>
 * <li>{@link #saveDrop} stores the drop, one unseen notice per recipient and (when asked) its webhook delivery in one
 * transaction; a drop id already stored changes nothing (a retried detection is not notified twice).
 * <li>A webhook delivery stays pending until {@link #delivered}; {@link #due} hands out pending deliveries whose time
 * has come, oldest first, so a restart re-sends what was not acknowledged (at least once).
 * <li>{@link #eraseSubject} removes the customer from every drop's recipients: notices, and so the user ids of a
 * webhook body built after it.
 * <li>An acknowledged write is durable. Shops are isolated.
 * </ul>
 */
public interface PriceAlertStore {

    /** The shop's settings; {@link PriceAlertSettings#DEFAULTS} when it never saved any. */
    PriceAlertSettings settings(ShopId shop);

    void saveSettings(ShopId shop, PriceAlertSettings settings);

    /**
     * Stores a drop with its recipients (user ids or anonymous visitor ids) and, when {@code webhook}, a pending
     * delivery due at {@code drop.at()}.
     *
     * @return false, changing nothing, when the shop has a drop with that id already
     */
    boolean saveDrop(ShopId shop, PriceDrop drop, List<String> recipients, boolean webhook);

    Optional<PriceDrop> drop(ShopId shop, String dropId);

    /** The item's latest drop (of any source), if any. */
    Optional<PriceDrop> latestDrop(ShopId shop, String itemId);

    /** The shop's drops at or after {@code since}, newest first, at most {@code limit}. */
    List<PriceDrop> drops(ShopId shop, Instant since, int limit);

    /** The drop's remaining recipients, sorted. */
    List<String> recipients(ShopId shop, String dropId);

    /** The customer's notices not dismissed yet, newest first, at most {@code limit}. */
    List<DropNotice> unseen(ShopId shop, String subject, int limit);

    /** Dismisses the customer's notices of these drops at {@code at}; returns how many were unseen. */
    int markSeen(ShopId shop, String subject, List<String> dropIds, Instant at);

    /** Erases the customer from every drop's recipients; returns how many notices were deleted. */
    int eraseSubject(ShopId shop, String subject);

    /** Pending webhook deliveries of every shop due at or before {@code now}, oldest due first, at most limit. */
    List<WebhookDelivery> due(Instant now, int limit);

    /** Marks a delivery acknowledged (2xx); it is never handed out again. */
    void delivered(ShopId shop, String dropId, Instant at);

    /** Records a failed attempt: {@code attempts} so far, the next try at {@code next}. */
    void retryLater(ShopId shop, String dropId, int attempts, Instant next, String error);

    /** The delivery of a drop, pending or not (for operators and tests); empty when none was queued. */
    Optional<WebhookDelivery> delivery(ShopId shop, String dropId);
}
