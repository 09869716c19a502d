package org.shoptide.core.price;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reading the compact series format of {@link org.shoptide.core.port.PriceHistoryStore}. */
public final class PriceSeries {

    private PriceSeries() {
    }

    /**
     * The points of {@code points} (ordered by source, then {@code since}) that held at some time in
     * {@code [from, to)}: a point holds from its {@code since} until the next point of its source starts, the latest
     * one until its {@code confirmedAt} (inclusive). Null bounds are open.
     */
    public static List<PricePoint> overlapping(List<PricePoint> points, Instant from, Instant to) {
        List<PricePoint> out = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            PricePoint p = points.get(i);
            PricePoint next = i + 1 < points.size() && points.get(i + 1).source().equals(p.source()) ? points.get(i + 1)
                    : null;
            boolean startsBeforeEnd = to == null || p.since().isBefore(to);
            boolean endsAfterStart = from == null
                    || (next == null ? !p.confirmedAt().isBefore(from) : next.since().isAfter(from));
            if (startsBeforeEnd && endsAfterStart) {
                out.add(p);
            }
        }
        return out;
    }
}
