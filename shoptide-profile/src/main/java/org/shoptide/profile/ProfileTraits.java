package org.shoptide.profile;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow.LifeEvent;

/**
 * The user traits a profile writes, so that business rules ({@code when user.<trait> ...}), experiments and the
 * dashboard see it. Every name below is owned by the profile: a rebuild replaces them all (a fact gone from the profile
 * removes its trait) and keeps the user's other traits.
 * <ul>
 * <li>{@code life_event.<kind>} = the latest day of that life event ({@code life_event.moved_house=2026-11-20});
 * <li>{@code area}, {@code area_tier} ({@code premium}, {@code standard}, {@code budget});
 * <li>{@code rfm} = a segment: {@code champion} (bought within 30 days, at least 3 orders), {@code loyal} (at least 3
 * orders), {@code new} (one order within 30 days), {@code at_risk} (at least 2 orders, none for over 90 days),
 * {@code lapsed} (none for over 180 days), {@code regular} (other buyers), {@code prospect} (no purchase);
 * <li>{@code rfm_recency_days}, {@code rfm_frequency}, {@code rfm_monetary} (minor units);
 * <li>{@code price_sensitivity}, {@code brand_loyalty} (two decimals);
 * <li>{@code top_category}: the category with the highest affinity.
 * </ul>
 */
public final class ProfileTraits {
    static final String LIFE_EVENT_PREFIX = "life_event.";
    private static final String[] OWNED = { "area", "area_tier", "rfm", "rfm_recency_days", "rfm_frequency",
            "rfm_monetary", "price_sensitivity", "brand_loyalty", "top_category" };

    private ProfileTraits() {
    }

    /** The profile's traits. */
    public static Map<String, String> of(CustomerProfile p) {
        Map<String, String> t = new TreeMap<>();
        for (LifeEvent e : p.lifeEvents()) { // oldest first: the latest day of a kind wins
            t.put(LIFE_EVENT_PREFIX + e.kind(), e.date().toString());
        }
        p.area().ifPresent(a -> t.put("area", a));
        p.areaTier().ifPresent(a -> t.put("area_tier", a));
        t.put("rfm", segment(p));
        p.recencyDays().ifPresent(r -> t.put("rfm_recency_days", Long.toString(r)));
        t.put("rfm_frequency", Long.toString(p.frequency()));
        t.put("rfm_monetary", Long.toString(p.monetaryMinor()));
        p.priceSensitivity().ifPresent(v -> t.put("price_sensitivity", String.format(Locale.ROOT, "%.2f", v)));
        p.brandLoyalty().ifPresent(v -> t.put("brand_loyalty", String.format(Locale.ROOT, "%.2f", v)));
        if (!p.categories().isEmpty()) {
            t.put("top_category", p.categories().get(0).category());
        }
        return t;
    }

    /** {@code existing} without the profile-owned traits, plus {@code profileTraits}. */
    public static Map<String, String> merge(Map<String, String> existing, Map<String, String> profileTraits) {
        Map<String, String> out = new HashMap<>(existing);
        out.keySet().removeIf(k -> k.startsWith(LIFE_EVENT_PREFIX));
        for (String k : OWNED) {
            out.remove(k);
        }
        out.putAll(profileTraits);
        return out;
    }

    static String segment(CustomerProfile p) {
        if (p.frequency() == 0 || p.recencyDays().isEmpty()) {
            return "prospect";
        }
        long r = p.recencyDays().getAsLong();
        long f = p.frequency();
        if (r > 180) {
            return "lapsed";
        }
        if (f >= 2 && r > 90) {
            return "at_risk";
        }
        if (f >= 3) {
            return r <= 30 ? "champion" : "loyal";
        }
        if (f == 1 && r <= 30) {
            return "new";
        }
        return "regular";
    }
}
