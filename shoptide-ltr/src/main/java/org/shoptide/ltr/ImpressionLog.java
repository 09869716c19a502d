package org.shoptide.ltr;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.ShownItem;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.RealtimeState.Interaction;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.EngineConfig;
import org.shoptide.engine.api.ImpressionProperties;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.rerank.RerankContext;

/**
 * Turns a shop's event log, read in offset order, into learning-to-rank groups: one group per recommendation that was
 * on screen, one row per shown item with its features at that moment and its label.
 * <p>
 * <b>Replay.</b> Every event updates a private {@link RealtimeState} (of the adapter the caller passes) exactly as the
 * engine's realtime state is updated (same event weights and bounds), so an impression's features are computed from the
 * state the server had when it answered. Aliases are not resolved: the subject is the user id, else the anonymous id.
 * <p>
 * <b>Groups.</b> The server logs every answer as an {@code impression} event with property {@code source=server} and,
 * aligned with the shown items, comma-separated {@code scores} (blended) and {@code sources} (the main source of each),
 * {@code sourceNames} with {@code sourceScores} (per item, {@code ;}-separated, each source's score in the order of the
 * names, empty when it did not propose the item) and, with exploration, {@code propensities}; plus {@code model},
 * {@code variant} and {@code explored}. It opens the group of its {@code context.recommendationId}. A client
 * {@code impression} for the same id says what was on screen and replaces the group's rows (an item the server logged
 * keeps its features and logged details); one without a server impression opens a group whose blend rank is the
 * position and whose scores are unknown (NaN).
 * <p>
 * <b>Labels</b> (graded): purchase 3 &gt; add_to_cart 2 &gt; click 1 &gt; shown and not interacted with 0, from events
 * carrying the group's {@code context.recommendationId} and naming a shown item (a purchase names its line items; their
 * price × quantity is the row's revenue). Items never shown have no row: they are never negatives.
 */
public final class ImpressionLog {
    /** One shown item. */
    public static final class Row {
        final String itemId;
        final int position;
        final float[] features;
        int label;
        double revenue;
        final double propensity;

        Row(String itemId, int position, float[] features, double propensity) {
            this.itemId = itemId;
            this.position = position;
            this.features = features;
            this.propensity = propensity;
        }

        Row at(int newPosition) {
            Row r = new Row(itemId, newPosition, features, propensity);
            r.label = label;
            r.revenue = revenue;
            return r;
        }

        public String itemId() {
            return itemId;
        }

        public int position() {
            return position;
        }

        public float[] features() {
            return features;
        }

        public int label() {
            return label;
        }

        public double revenue() {
            return revenue;
        }

        /** The logging policy's probability of this item at this position, NaN when not logged. */
        public double propensity() {
            return propensity;
        }
    }

    /**
     * One recommendation that was on screen, rows in position order.
     *
     * @param model
     *            the model that answered ({@code blend}, {@code popular}, ...), null when not logged
     * @param variant
     *            the experiment variant, or null
     * @param explored
     *            whether the logging policy's exploration drew this list at random
     */
    public record Group(String recommendationId, String subject, Instant time, String model, String variant,
            boolean explored, List<Row> rows) {
        public boolean hasPositive() {
            for (Row r : rows) {
                if (r.label > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private final EngineConfig config = EngineConfig.defaults();
    private final Function<String, Item> catalog;
    private final Scenario scenario;
    private final RealtimeState realtime;
    private final ShopId shop;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    /**
     * @param catalog
     *            the shop's catalog (current prices and categories; the log does not keep old ones)
     * @param scenario
     *            impressions whose {@code context.scenario} is this one are kept (those without a scenario too)
     */
    public ImpressionLog(RealtimeState.Factory realtime, ShopId shop, Function<String, Item> catalog,
            Scenario scenario) {
        this.shop = Objects.requireNonNull(shop, "shop");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.realtime = realtime.open(shop, config.realtimeLimits(), id -> {
            Item it = catalog.apply(id);
            return it == null ? List.of() : it.categoryPath();
        });
    }

    /** Applies the next event of the log. */
    public void accept(Event e) {
        String subject = e.subject();
        if (subject == null) {
            return;
        }
        String recId = e.context().recommendationId();
        long t = e.timestamp().toEpochMilli();
        switch (e.type()) {
            case IMPRESSION -> {
                if (recId != null && !e.shown().isEmpty()
                        && (e.context().scenario() == null || scenario.wireName().equals(e.context().scenario()))) {
                    open(e, subject, recId, t);
                }
            }
            case VIEW, CLICK, LIKE -> {
                engage(subject, e, Interaction.ENGAGE, t);
                if (e.type() == EventType.CLICK) {
                    label(recId, e.itemId(), 1, 0);
                }
            }
            case RATE -> {
                double w = e.value() == null ? 0 : config.rateWeight(e.value());
                if (w != 0) {
                    realtime.interact(subject, e.itemId(), w > 0 ? Interaction.ENGAGE : Interaction.DISLIKE, (float) w,
                            e.sessionId(), t);
                }
            }
            case ADD_TO_CART -> {
                realtime.interact(subject, e.itemId(), Interaction.ADD_TO_CART,
                        (float) Math.max(config.weight(EventType.ADD_TO_CART), 0), e.sessionId(), t);
                label(recId, e.itemId(), 2, 0);
            }
            case REMOVE_FROM_CART ->
                    realtime.interact(subject, e.itemId(), Interaction.REMOVE_FROM_CART, 0, e.sessionId(), t);
            case DISLIKE -> realtime.interact(subject, e.itemId(), Interaction.DISLIKE, 0, e.sessionId(), t);
            case PURCHASE -> {
                for (LineItem li : e.lineItems()) {
                    realtime.interact(subject, li.itemId(), Interaction.PURCHASE,
                            (float) Math.max(config.weight(EventType.PURCHASE), 0), e.sessionId(), t);
                    label(recId, li.itemId(), 3, li.price() * li.quantity());
                }
            }
            default -> {
                // refunds, searches and custom events carry no label; custom weights are per shop and not known here
            }
        }
    }

    private void engage(String subject, Event e, Interaction kind, long t) {
        double w = config.weight(e.type());
        if (e.itemId() != null && w > 0) {
            realtime.interact(subject, e.itemId(), kind, (float) w, e.sessionId(), t);
        }
    }

    private void open(Event e, String subject, String recId, long t) {
        ImpressionProperties p = ImpressionProperties.parse(e.properties());
        boolean server = p.server();
        Group old = groups.get(recId);
        if (!server && old != null) {
            Map<String, Row> known = new HashMap<>();
            old.rows().forEach(r -> known.put(r.itemId, r));
            LtrFeatures f = null;
            List<Row> rows = new ArrayList<>(e.shown().size());
            for (ShownItem s : e.shown()) {
                Row r = known.get(s.itemId());
                if (r == null) {
                    f = f == null ? features(subject, t) : f;
                    float[] x = new float[LtrFeatures.COUNT];
                    f.write(s.itemId(), s.position(), Double.NaN, null, null, x, 0);
                    rows.add(new Row(s.itemId(), s.position(), x, Double.NaN));
                } else {
                    rows.add(r.at(s.position()));
                }
            }
            rows.sort((a, b) -> Integer.compare(a.position, b.position));
            groups.put(recId,
                    new Group(recId, old.subject(), old.time(), old.model(), old.variant(), old.explored(), rows));
            return;
        }
        List<ShownItem> shown = e.shown();
        double[] scores = p.scoresAligned(shown.size());
        double[] propensities = p.propensitiesAligned(shown.size());
        String[] sources = p.sourcesAligned(shown.size());
        List<Map<String, Double>> perSource = p.sourceScoresAligned(shown.size());
        double best = Double.NEGATIVE_INFINITY;
        for (double sc : scores) {
            best = Math.max(best, sc);
        }
        LtrFeatures f = features(subject, t);
        List<Row> rows = new ArrayList<>(shown.size());
        for (int i = 0; i < shown.size(); i++) {
            ShownItem s = shown.get(i);
            int rank = s.position();
            if (!Double.isNaN(scores[i])) {
                rank = 1;
                for (double other : scores) {
                    rank += other > scores[i] ? 1 : 0;
                }
            }
            double rel = Double.isNaN(scores[i]) || !(best > 0) ? Double.NaN : scores[i] / best;
            String source = sources == null ? null : sources[i];
            float[] x = new float[LtrFeatures.COUNT];
            f.write(s.itemId(), rank, rel, source, perSource == null ? null : perSource.get(i), x, 0);
            rows.add(new Row(s.itemId(), s.position(), x, propensities[i]));
        }
        rows.sort((a, b) -> Integer.compare(a.position, b.position));
        groups.put(recId, new Group(recId, subject, e.timestamp(), p.model(), p.variant(), p.explored(), rows));
    }

    private LtrFeatures features(String subject, long t) {
        return new LtrFeatures(
                new RerankContext(shop, scenario, realtime.user(subject).orElse(null), realtime, catalog, t));
    }

    private void label(String recId, String itemId, int grade, double revenue) {
        if (recId == null || itemId == null) {
            return;
        }
        Group g = groups.get(recId);
        if (g == null) {
            return;
        }
        for (Row r : g.rows) {
            if (r.itemId.equals(itemId)) {
                r.label = Math.max(r.label, grade);
                r.revenue += revenue;
            }
        }
    }

    /** The groups in the order their impressions were logged. */
    public List<Group> groups() {
        return List.copyOf(groups.values());
    }
}
