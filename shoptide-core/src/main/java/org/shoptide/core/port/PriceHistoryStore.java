package org.shoptide.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.shoptide.core.price.PricePoint;
import org.shoptide.core.shop.ShopId;

/**
 * The price history of each shop's items: one series per (shop, item, source), kept compactly. Contract:
 * {@code PriceHistoryStoreContract} in shoptide-testing.
 * <p>
 * <b>Format.</b> A series is a list of {@link PricePoint}s ordered by {@code since}; a point is stored only when the
 * price or the currency differs from the series' latest point, otherwise the latest point's {@code confirmedAt} moves
 * forward. So the price at time t is the point with the greatest {@code since <= t}, and {@code confirmedAt} says until
 * when that is known to have held.
 * <ul>
 * <li>{@link #record} is atomic per series: two concurrent records of one series store at most one new point each and
 * never lose a change.
 * <li>A record at or before the latest point's {@code confirmedAt} never moves time backwards: a same-price record then
 * changes nothing, a different price starts a point at the later of the two times.
 * <li>An acknowledged write is durable. Shops are isolated.
 * </ul>
 */
public interface PriceHistoryStore {

    /**
     * Records that the series' price is {@code amountMinor} {@code currency} at {@code at}.
     *
     * @return the series' latest point before this record (empty for a new series) and the latest point after it
     */
    default Recorded record(ShopId shop, String itemId, String source, String currency, long amountMinor, Instant at) {
        return recordAll(shop, source, at, List.of(new Observed(itemId, currency, amountMinor))).get(0);
    }

    /**
     * {@link #record} for many items of one source at once, in one transaction (a catalog upsert of a thousand items is
     * one write, not a thousand).
     *
     * @return one {@link Recorded} per observation, in order
     */
    List<Recorded> recordAll(ShopId shop, String source, Instant at, List<Observed> prices);

    /** The latest point of one series. */
    Optional<PricePoint> latest(ShopId shop, String itemId, String source);

    /**
     * The points of the item that held at some time in {@code [from, to)} (a point holds from its {@code since} to the
     * next point's {@code since}, the latest one to its {@code confirmedAt}), of one source or of all when
     * {@code source} is null; ordered by source, then {@code since}. Null bounds are open.
     */
    List<PricePoint> history(ShopId shop, String itemId, String source, Instant from, Instant to);

    /**
     * Retention: deletes the points of the shop that stopped holding before {@code cutoff}, never the latest point of a
     * series (so the current price and the base of the next drop stay known).
     *
     * @return the number of points deleted
     */
    int deleteBefore(ShopId shop, Instant cutoff);

    /** Erases every series of the item; returns the number of points deleted. */
    int deleteItem(ShopId shop, String itemId);

    /** Erases every series of the shop; returns the number of points deleted. */
    int deleteShop(ShopId shop);

    /** An item's price as an upsert reported it. */
    record Observed(String itemId, String currency, long amountMinor) {
        public Observed {
            Objects.requireNonNull(itemId, "itemId");
            Objects.requireNonNull(currency, "currency");
            if (amountMinor < 0) {
                throw new IllegalArgumentException("amountMinor must be >= 0, got " + amountMinor);
            }
        }
    }

    /**
     * The outcome of {@link #record}.
     *
     * @param previous
     *            the series' latest point before the record, or null for a new series
     * @param current
     *            the series' latest point after it
     */
    record Recorded(PricePoint previous, PricePoint current) {
        /** Whether the record started a new point (a new series, or a changed price or currency). */
        public boolean changed() {
            return previous == null || !previous.since().equals(current.since());
        }
    }
}
