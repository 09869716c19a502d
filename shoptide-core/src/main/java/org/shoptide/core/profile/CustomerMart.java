package org.shoptide.core.profile;

import java.util.Optional;
import java.util.function.Consumer;
import org.shoptide.core.shop.ShopId;

/**
 * Read side of the published {@code mart_customer_360} of a shop. Implementations read the last published mart (a mart
 * being rebuilt is never visible half-written); a shop with no published mart has no rows.
 * <p>
 * Contract:
 * <ul>
 * <li>{@link #forEach} visits every row of the shop exactly once, in ascending {@link CustomerRow#customerKey()} order.
 * <li>{@link #find} matches {@code key} against the row's customer key, user id, hashed e-mail, hashed phone and
 * anonymous ids (exact, case-sensitive); when several rows match, the one whose customer key sorts first wins.
 * <li>Failures to read the mart are {@link org.shoptide.core.port.StoreException}s.
 * </ul>
 */
public interface CustomerMart {

    /** Calls {@code action} with each row of the shop's mart, in customer-key order. */
    void forEach(ShopId shop, Consumer<CustomerRow> action);

    /** The row that {@code key} identifies (customer key, user id, e-mail hash, phone hash or anonymous id). */
    Optional<CustomerRow> find(ShopId shop, String key);
}
