package org.shoptide.community;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.ShopId;

/**
 * Use case: customer segments of a shop. {@link #recompute} is the one entry point a scheduler (the training schedule
 * or a periodic job) calls: it replays the shop's events into {@link CustomerFeatures}, lets {@link Segmentation} pick
 * k by silhouette over [{@code kMin}, {@code kMax}] with a fixed seed, and writes each customer's {@code segment}
 * ("1".."k", largest segment first) and {@code segment_label} (the centroid's strongest features, e.g. "high monetary,
 * Garden") as user traits, which rules read as {@code user.segment == 2}. The latest report of each shop is kept in
 * memory for the API.
 */
public final class SegmentService {
    public static final String SEGMENT = "segment";
    public static final String LABEL = "segment_label";

    private final CommunityHost host;
    private final Clock clock;
    private final int kMin;
    private final int kMax;
    private final long seed;
    private final ConcurrentHashMap<ShopId, Report> latest = new ConcurrentHashMap<>();

    public SegmentService(CommunityHost host, Clock clock, int kMin, int kMax, long seed) {
        if (kMin < 2 || kMax < kMin) {
            throw new IllegalArgumentException("segments need 2 <= kMin <= kMax, got " + kMin + ".." + kMax);
        }
        this.host = host;
        this.clock = clock;
        this.kMin = kMin;
        this.kMax = kMax;
        this.seed = seed;
    }

    /** One segment: its number, size, label and centre in standardised features (feature → z-score). */
    public record Segment(int segment, int size, String label, Map<String, Double> centroid) {
    }

    /**
     * A segmentation: the k chosen, the silhouette of every k tried (the criterion), the seed, and the segments; k = 0
     * when the shop has fewer than 3 known customers with events.
     */
    public record Report(ShopId shop, Instant at, int customers, int k, Map<Integer, Double> silhouetteByK, long seed,
            List<String> features, List<Segment> segments) {
    }

    /** Recomputes and writes the shop's segments. */
    public Report recompute(ShopId shop) {
        Map<String, Item> items = new HashMap<>();
        host.catalog(shop).forEach(i -> items.put(i.id(), i));
        CustomerFeatures features = new CustomerFeatures(items);
        host.replay(shop, features::accept);
        Instant now = clock.instant();
        CustomerFeatures.Matrix m = features.build(now);
        if (m.users().size() < 3) {
            Report r = new Report(shop, now, m.users().size(), 0, Map.of(), seed, m.features(), List.of());
            latest.put(shop, r);
            return r;
        }
        Segmentation.Choice c = Segmentation.choose(m.values(), kMin, Math.min(kMax, m.users().size() - 1), seed);
        List<Segment> segments = new ArrayList<>();
        for (int s = 0; s < c.k(); s++) {
            Map<String, Double> centroid = new LinkedHashMap<>();
            for (int f = 0; f < m.features().size(); f++) {
                centroid.put(m.features().get(f), c.centroids()[s][f]);
            }
            segments.add(new Segment(s + 1, c.sizes()[s], label(centroid), centroid));
        }
        for (int i = 0; i < m.users().size(); i++) {
            Segment s = segments.get(c.segment()[i] - 1);
            host.updateTraits(shop, m.users().get(i), Map.of(SEGMENT, String.valueOf(s.segment()), LABEL, s.label()),
                    Set.of());
        }
        Report r = new Report(shop, now, m.users().size(), c.k(), new TreeMap<>(c.silhouetteByK()), seed, m.features(),
                List.copyOf(segments));
        latest.put(shop, r);
        return r;
    }

    /** The shop's latest report since start-up. */
    public Optional<Report> latest(ShopId shop) {
        return Optional.ofNullable(latest.get(shop));
    }

    /**
     * A human label from the centroid's two strongest standardised features (|z| ≥ 0.5): recency low → "recent", high →
     * "lapsed"; frequency and monetary → "frequent"/"rare", "high spend"/"low spend"; a category share above average →
     * the category's name. "average" when none stands out.
     */
    static String label(Map<String, Double> centroid) {
        List<String> parts = new ArrayList<>();
        centroid.entrySet().stream().filter(e -> Math.abs(e.getValue()) >= 0.5)
                .filter(e -> !e.getKey().startsWith("category:") || e.getValue() > 0)
                .sorted(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -Math.abs(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .limit(2).forEach(e -> parts.add(word(e.getKey(), e.getValue() > 0)));
        return parts.isEmpty() ? "average" : String.join(", ", parts);
    }

    private static String word(String feature, boolean high) {
        return switch (feature) {
            case "recency_days" -> high ? "lapsed" : "recent";
            case "frequency" -> high ? "frequent" : "rare";
            case "monetary" -> high ? "high spend" : "low spend";
            default -> feature.substring("category:".length());
        };
    }
}
