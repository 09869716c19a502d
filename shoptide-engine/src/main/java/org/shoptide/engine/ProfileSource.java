package org.shoptide.engine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.profile.CustomerProfile;
import org.shoptide.core.profile.CustomerRow.CategoryAffinity;
import org.shoptide.core.profile.CustomerRow.LifeEvent;
import org.shoptide.engine.api.Scenario;

/**
 * {@code profile}: the popular items of the categories the user's customer-360 profile points at (ADR 0032), for the
 * user scenario. Two kinds of category, each with a weight:
 * <ul>
 * <li>a life event's categories (the shop's mapping, e.g. {@code moved_house → Home Renovation, DIY}): weight
 * {@code 0.5^(age/90 days)} (a recent event counts fully, one from half a year ago a quarter), divided by {@code 1 +
 * 0.25·i} for the i-th category of the mapping (the shop lists them by preference);
 * <li>each category affinity of the profile: weight {@link #AFFINITY_WEIGHT} × its share.
 * </ul>
 * A category's items come from the shared {@code popular} ranking of that category (see {@link CounterSource}); an item
 * scores its category weight × (0.5 + 0.5 × its popularity relative to the category's best), so the category's weight
 * dominates and popularity orders within it; an item in several categories sums them. Profiles are read through the
 * shop's {@link ShopProfiles} cache; a user without a profile, or an engine without profiles, gets nothing.
 */
final class ProfileSource implements CandidateSource {
    static final String NAME = "profile";
    /** Half-life of a life event's weight, in days. */
    static final double LIFE_EVENT_HALF_LIFE_DAYS = 90;
    /** Weight of a category affinity of share 1 (life events weigh up to 1). */
    static final double AFFINITY_WEIGHT = 0.5;

    private final CounterSource popular = CounterSource.popular();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void retrieve(Retrieval r) {
        ShopProfiles profiles = r.rt.profiles;
        if (profiles == null || r.scenario != Scenario.USER || r.weight(NAME) <= 0) {
            return;
        }
        String subject = r.rt.aliases.subject(r.req.userId(), r.req.anonymousId());
        Optional<CustomerProfile> profile = subject == null ? Optional.empty() : profiles.profile(subject);
        if (profile.isEmpty()) {
            return;
        }
        int k = Math.max(20, 2 * r.n);
        categoryWeights(profile.get(), profiles.lifeEventCategories(), r.now).forEach((category, weighted) -> {
            CounterSource.Ranking rk = popular.ranking(r, category);
            float best = rk.scores().length == 0 ? 0 : rk.scores()[0];
            int added = 0;
            for (int i = 0; i < rk.ids().length && added < k && best > 0; i++) {
                String id = rk.ids()[i];
                if (!r.accept(id)) {
                    continue;
                }
                double score = weighted.weight() * (0.5 + 0.5 * rk.scores()[i] / best);
                r.add(NAME, id, score, weighted.reason());
                if (weighted.lifeEvent()) {
                    r.lift(id, score);
                }
                added++;
            }
        });
    }

    /** A category's weight, the reason its items are given, and whether a life event names it. */
    record Weighted(double weight, String reason, boolean lifeEvent) {
    }

    /** The profile's categories with their weights (see the class comment), life events first. */
    static Map<String, Weighted> categoryWeights(CustomerProfile p, Map<String, List<String>> mapping, long nowMillis) {
        Map<String, Weighted> out = new LinkedHashMap<>();
        LocalDate today = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).toLocalDate();
        for (LifeEvent e : p.lifeEvents()) {
            List<String> cats = mapping.getOrDefault(e.kind(), List.of());
            double age = Math.max(0, ChronoUnit.DAYS.between(e.date(), today));
            double w = Math.pow(0.5, age / LIFE_EVENT_HALF_LIFE_DAYS);
            for (int i = 0; i < cats.size(); i++) {
                String reason = "profile: " + e.kind().replace('_', ' ') + " → " + cats.get(i);
                add(out, cats.get(i), w / (1 + 0.25 * i), reason, true);
            }
        }
        for (CategoryAffinity a : p.categories()) {
            add(out, a.category(), AFFINITY_WEIGHT * a.share(), "profile: often buys " + a.category(), false);
        }
        return out;
    }

    private static void add(Map<String, Weighted> out, String category, double weight, String reason,
            boolean lifeEvent) {
        String key = category.toLowerCase(Locale.ROOT);
        Weighted old = out.get(key);
        if (old == null) {
            out.put(key, new Weighted(weight, reason, lifeEvent));
        } else {
            out.put(key, new Weighted(old.weight() + weight, old.weight() >= weight ? old.reason() : reason,
                    old.lifeEvent() || lifeEvent));
        }
    }
}
