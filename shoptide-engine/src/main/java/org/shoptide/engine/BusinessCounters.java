package org.shoptide.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.stats.HyperLogLog;
import org.shoptide.engine.api.BusinessReport;

/**
 * A shop's daily business figures (visitors, buyers, orders, revenue and its attributed shares), kept by the projector
 * from the event log like every derived state and rebuilt by replay at start. Per day: two distinct counts, exact up to
 * {@value #EXACT_UP_TO} and then a HyperLogLog sketch of 4 KiB, and a few counters per currency; the last
 * {@value #MAX_DAYS} days of event time are kept. Single writer (the projector), readers synchronised.
 */
final class BusinessCounters {
    static final int MAX_DAYS = 400;
    private static final int PRECISION = 12;
    static final int EXACT_UP_TO = 2048;

    /** Distinct 64-bit hashes: an exact set while small, a HyperLogLog sketch beyond {@link #EXACT_UP_TO}. */
    private static final class Distinct {
        private Set<Long> exact = new HashSet<>();
        private HyperLogLog sketch;

        void add(long hash) {
            if (sketch != null) {
                sketch.add(hash);
                return;
            }
            exact.add(hash);
            if (exact.size() > EXACT_UP_TO) {
                sketch = new HyperLogLog(PRECISION);
                exact.forEach(sketch::add);
                exact = null;
            }
        }

        long count() {
            return sketch == null ? exact.size() : sketch.estimate();
        }
    }

    private static final class Money {
        long orders;
        long revenue;
        long recommendations;
        long assistant;
        long refunds;
    }

    private static final class DayCounts {
        final Distinct visitors = new Distinct();
        final Distinct buyers = new Distinct();
        long orders;
        final Map<String, Money> money = new LinkedHashMap<>();
    }

    private final TreeMap<LocalDate, DayCounts> days = new TreeMap<>();

    /** Counts a visitor's event of any type. */
    synchronized void event(Event e, String subject) {
        DayCounts d = day(e);
        if (d != null && subject != null) {
            d.visitors.add(HyperLogLog.hash(subject));
        }
    }

    /**
     * Counts a purchase line by line.
     *
     * @param attribution
     *            per line: 0 not attributed, 1 attributed to a recommendation answer, 2 to one of the assistant's
     */
    synchronized void purchase(Event e, String subject, int[] attribution) {
        DayCounts d = day(e);
        if (d == null) {
            return;
        }
        if (subject != null) {
            d.buyers.add(HyperLogLog.hash(subject));
        }
        d.orders++;
        String orderCurrency = null;
        for (int i = 0; i < e.lineItems().size(); i++) {
            LineItem li = e.lineItems().get(i);
            Money m = d.money.computeIfAbsent(currency(li), c -> new Money());
            long minor = minor(li);
            m.revenue += minor;
            if (attribution[i] > 0) {
                m.recommendations += minor;
            }
            if (attribution[i] == 2) {
                m.assistant += minor;
            }
            if (orderCurrency == null) {
                orderCurrency = currency(li);
                m.orders++;
            }
        }
    }

    synchronized void refund(Event e) {
        DayCounts d = day(e);
        if (d == null) {
            return;
        }
        for (LineItem li : e.lineItems()) {
            d.money.computeIfAbsent(currency(li), c -> new Money()).refunds += minor(li);
        }
    }

    /** The days from {@code from} to {@code to} (inclusive) that saw any event, oldest first. */
    synchronized BusinessReport report(LocalDate from, LocalDate to) {
        List<BusinessReport.Day> out = new ArrayList<>();
        for (Map.Entry<LocalDate, DayCounts> en : days.subMap(from, true, to, true).entrySet()) {
            DayCounts d = en.getValue();
            List<BusinessReport.Revenue> revenue = new ArrayList<>();
            d.money.forEach((c, m) -> revenue.add(
                    new BusinessReport.Revenue(c, m.orders, m.revenue, m.recommendations, m.assistant, m.refunds)));
            out.add(new BusinessReport.Day(en.getKey(), Math.max(d.visitors.count(), d.buyers.count()),
                    d.buyers.count(), d.orders, revenue));
        }
        return new BusinessReport(from, to, out);
    }

    private DayCounts day(Event e) {
        LocalDate date = LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC);
        DayCounts d = days.get(date);
        if (d == null) {
            if (days.size() >= MAX_DAYS && date.isBefore(days.firstKey())) {
                return null; // older than every day kept
            }
            d = new DayCounts();
            days.put(date, d);
            while (days.size() > MAX_DAYS) {
                days.pollFirstEntry();
            }
        }
        return d;
    }

    private static String currency(LineItem li) {
        return li.currency() == null ? "XXX" : li.currency();
    }

    /** A line's total in the currency's minor unit (two decimals for unknown codes). */
    private static long minor(LineItem li) {
        int digits = 2;
        try {
            if (li.currency() != null) {
                digits = Math.max(0, Currency.getInstance(li.currency()).getDefaultFractionDigits());
            }
        } catch (IllegalArgumentException unknownCode) {
            // a currency code the JDK does not know keeps two decimals
        }
        return BigDecimal.valueOf(li.price()).multiply(BigDecimal.valueOf(li.quantity()))
                .setScale(digits, RoundingMode.HALF_UP).movePointRight(digits).longValueExact();
    }
}
