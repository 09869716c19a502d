package org.shoptide.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.price.PriceDrop;

/**
 * The latest price drop of each item of a shop, for the rules' {@code price_drop_pct}: read for every ranked candidate,
 * so it is a map lookup. Filled by {@link PriceTracker} from the alert store when the shop opens and on every detected
 * drop; a drop counts while it is younger than the shop's boost window.
 */
final class PriceDropBoard {
    private record Latest(double percent, long atMillis) {
    }

    private final Map<String, Latest> latest = new ConcurrentHashMap<>();
    private volatile long windowMillis = Duration.ofDays(7).toMillis();

    void window(Duration window) {
        this.windowMillis = window.toMillis();
    }

    void put(PriceDrop drop) {
        Latest l = new Latest(drop.percent(), drop.at().toEpochMilli());
        latest.merge(drop.itemId(), l, (a, b) -> b.atMillis >= a.atMillis ? b : a);
    }

    /** The item's latest drop in percent if it happened within the window before {@code nowMillis}, else 0. */
    double percent(String itemId, long nowMillis) {
        Latest l = latest.get(itemId);
        return l == null || l.atMillis < nowMillis - windowMillis ? 0 : l.percent;
    }

    /** Forgets drops older than the window (called when the board is refreshed). */
    void prune(long nowMillis) {
        latest.values().removeIf(l -> l.atMillis < nowMillis - windowMillis);
    }
}
