package org.shoptide.ltr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.UserSnapshot;
import org.shoptide.engine.rerank.RerankContext;

/**
 * The features of one (subject, item) pair at one moment, computed from the same realtime state online (inside a
 * request, from {@link RerankContext}) and offline (replaying the event log up to the impression, see
 * {@link ImpressionLog}), so that training and serving see the same numbers. NaN means "unknown" (LightGBM's missing
 * value). The position an item was shown at is not a feature: it is the examination bias that training removes
 * ({@link LtrModel}), not a property of the item.
 * <p>
 * The feature vector, in order ({@link #NAMES}):
 * <ol>
 * <li>{@code blend_rank}, {@code blend_score}: the blend's rank among the scored items and its score relative to the
 * best of them (offline: among the items of the logged list; online: among the re-ranked pool)
 * <li>{@code src_<source>}: each candidate source's score for the item, normalised by that source's best in the request
 * (als, cooccurrence, session, content, trending, popular; 0 when the source did not propose it, NaN when not logged);
 * {@code top_<source>}: 1 for the source that contributed most to the blended score (the reason shown)
 * <li>{@code log_popularity}, {@code log_trending}: log(1 + the item's decayed activity counters, 14 days and 12 hours
 * half-life); {@code trend_ratio}: trending / popularity, the recency of the item's activity
 * <li>{@code log_price}; {@code price_vs_spend}: price / mean price of the user's purchases (the user's usual spend);
 * {@code price_vs_max_spend}: price / the highest price they paid (a budget proxy); {@code price_vs_browse}: price /
 * the weighted mean price of their recent items
 * <li>{@code category_affinity}, {@code department_affinity}: the user's affinity for the item's leaf and root
 * category, relative to their strongest category; {@code brand_affinity}: weight share of the item's brand among their
 * recent items; {@code session_category}: share of the current session's items in the item's leaf category
 * <li>{@code hours_since_view}: hours since the user last engaged with the item (NaN if not among their recent items);
 * {@code user_item_weight}: their accumulated implicit weight on it; {@code in_cart}; {@code purchased};
 * {@code log_history}: log(1 + number of recent items)
 * </ol>
 */
public final class LtrFeatures {
    public static final List<String> SOURCES = List.of("als", "cooccurrence", "session", "content", "trending",
            "popular");
    public static final List<String> NAMES;
    static {
        List<String> n = new ArrayList<>(List.of("blend_rank", "blend_score"));
        SOURCES.forEach(s -> n.add("src_" + s));
        SOURCES.forEach(s -> n.add("top_" + s));
        n.addAll(List.of("log_popularity", "log_trending", "trend_ratio", "log_price", "price_vs_spend",
                "price_vs_max_spend", "price_vs_browse", "category_affinity", "department_affinity", "brand_affinity",
                "session_category", "hours_since_view", "user_item_weight", "in_cart", "purchased", "log_history"));
        NAMES = List.copyOf(n);
    }
    public static final int COUNT = NAMES.size();
    static final int BLEND_RANK = NAMES.indexOf("blend_rank");

    private final RerankContext ctx;
    private final UserSnapshot user;
    private final Map<String, Integer> recentIndex = new HashMap<>();
    private final Map<String, Double> brandWeight = new HashMap<>();
    private final Map<String, Integer> sessionLeaves = new HashMap<>();
    private final double meanSpend;
    private final double maxSpend;
    private final double browsePrice;
    private final double totalRecentWeight;
    private final double maxAffinity;

    /** Precomputes what every candidate of one request shares. */
    public LtrFeatures(RerankContext ctx) {
        this.ctx = ctx;
        this.user = ctx.user();
        double spend = 0;
        double maxPaid = 0;
        int paid = 0;
        double browse = 0;
        double browseWeight = 0;
        double total = 0;
        double maxAff = 0;
        if (user != null) {
            for (String id : user.purchased()) {
                Item it = ctx.catalog().apply(id);
                if (it != null && it.price() != null) {
                    spend += it.price();
                    maxPaid = Math.max(maxPaid, it.price());
                    paid++;
                }
            }
            for (int i = 0; i < user.recentItems().size(); i++) {
                String id = user.recentItems().get(i);
                recentIndex.put(id, i);
                double w = user.recentWeights()[i];
                total += w;
                Item it = ctx.catalog().apply(id);
                if (it != null) {
                    if (it.brand() != null) {
                        brandWeight.merge(it.brand(), w, Double::sum);
                    }
                    if (it.price() != null) {
                        browse += w * it.price();
                        browseWeight += w;
                    }
                }
            }
            for (String id : user.sessionItems()) {
                Item it = ctx.catalog().apply(id);
                if (it != null && it.category() != null) {
                    sessionLeaves.merge(it.category(), 1, Integer::sum);
                }
            }
            for (float a : user.categoryAffinity().values()) {
                maxAff = Math.max(maxAff, a);
            }
        }
        meanSpend = paid == 0 ? Double.NaN : spend / paid;
        maxSpend = paid == 0 ? Double.NaN : maxPaid;
        browsePrice = browseWeight > 0 ? browse / browseWeight : Double.NaN;
        totalRecentWeight = total;
        maxAffinity = maxAff;
    }

    /**
     * Writes the features of one candidate into {@code out} at {@code offset}.
     *
     * @param blendRank
     *            1-based rank in the blend's order
     * @param blendScore
     *            the blend's score relative to the best in the list, NaN when unknown
     * @param source
     *            the source that contributed most, or null when unknown
     * @param sourceScores
     *            each proposing source's normalised score, or null when unknown
     */
    public void write(String itemId, int blendRank, double blendScore, String source, Map<String, Double> sourceScores,
            float[] out, int offset) {
        int f = offset;
        out[f++] = blendRank;
        out[f++] = (float) blendScore;
        for (String s : SOURCES) {
            out[f++] = sourceScores == null ? Float.NaN : sourceScores.getOrDefault(s, 0.0).floatValue();
        }
        for (String s : SOURCES) {
            out[f++] = source == null ? Float.NaN : s.equals(source) ? 1 : 0;
        }
        long now = ctx.nowMillis();
        double pop = ctx.realtime().popularity(itemId, now);
        double trend = ctx.realtime().trending(itemId, now);
        out[f++] = (float) Math.log1p(pop);
        out[f++] = (float) Math.log1p(trend);
        out[f++] = pop > 0 ? (float) (trend / pop) : Float.NaN;
        Item item = ctx.catalog().apply(itemId);
        Double price = item == null ? null : item.price();
        out[f++] = price == null ? Float.NaN : (float) Math.log1p(price);
        out[f++] = ratio(price, meanSpend);
        out[f++] = ratio(price, maxSpend);
        out[f++] = ratio(price, browsePrice);
        String leaf = item == null ? null : item.category();
        String root = item == null || item.categoryPath().isEmpty() ? null : item.categoryPath().get(0);
        out[f++] = affinity(leaf);
        out[f++] = affinity(root);
        out[f++] = item == null || item.brand() == null || totalRecentWeight <= 0 ? 0
                : (float) (brandWeight.getOrDefault(item.brand(), 0.0) / totalRecentWeight);
        int sessionSize = user == null ? 0 : user.sessionItems().size();
        out[f++] = sessionSize == 0 || leaf == null ? 0 : sessionLeaves.getOrDefault(leaf, 0) / (float) sessionSize;
        Integer r = recentIndex.get(itemId);
        out[f++] = r == null ? Float.NaN : (float) (Math.max(0, now - user.recentTimes()[r]) / 3_600_000.0);
        out[f++] = r == null ? 0 : user.recentWeights()[r];
        out[f++] = user != null && user.cart().contains(itemId) ? 1 : 0;
        out[f++] = user != null && user.purchased().contains(itemId) ? 1 : 0;
        out[f] = user == null ? 0 : (float) Math.log1p(user.recentItems().size());
    }

    private float affinity(String category) {
        if (category == null || user == null || maxAffinity <= 0) {
            return 0;
        }
        Float a = user.categoryAffinity().get(category);
        return a == null ? 0 : (float) (a / maxAffinity);
    }

    private static float ratio(Double price, double reference) {
        return price == null || !(reference > 0) ? Float.NaN : (float) (price / reference);
    }
}
