package org.shoptide.eval.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.shoptide.core.algo.Algorithms;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.eventlog.SegmentEventLog;
import org.shoptide.embedded.model.DirectoryModelStore;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.embedded.sqlite.SqliteDatabase;
import org.shoptide.embedded.sqlite.SqliteItemStore;
import org.shoptide.embedded.sqlite.SqliteShopStore;
import org.shoptide.embedded.sqlite.SqliteUserStore;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.EngineConfig;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.metrics.Evaluator;
import org.shoptide.eval.metrics.Ranker;
import org.shoptide.eval.protocol.EvalCase;
import org.shoptide.eval.protocol.Split;
import org.shoptide.eval.protocol.Variant;

/**
 * The blend the server serves, measured through the real engine rather than re-implemented: a {@link DefaultEngine}
 * over the embedded adapters ({@link SegmentEventLog}, the SQLite stores, {@link DirectoryModelStore}) in a temporary
 * directory, with a fixed clock at the split's instant. It creates a shop, upserts every dataset item (title and price
 * when the file has them, category from the optional categorizer), ingests the split's training rows through
 * {@link Engine#ingest} in batches of {@link Engine#MAX_BATCH} (rows of one basket as one purchase event, the others as
 * single-item events of their type, in time order), trains with {@link Engine#train} and asks {@link Engine#recommend}
 * (scenario {@code user}, n = 100, no filters) for each evaluated user. A split with history-only rows (exact
 * leave-one-out's test split: the validation items) has them ingested after training and before its first answer, so
 * the engine's realtime state (recent items, purchased set, session) reads them as a live server would, while the
 * trained models never saw them.
 * <p>
 * <b>Differences the engine forces</b> (documented in {@code docs/EVALUATION.md}): it returns at most 100 items, so MRR
 * is truncated at rank 100; it excludes only purchased items (variant {@code all} asks with
 * {@code excludePurchased=false}), the harness masks the rest of the history; the configuration is the server's with
 * the daily schedule off, {@code maxEventAge} wide enough for old data, the purchased set per user raised to
 * {@value #PURCHASED_BOUND} so the engine itself excludes whole histories, as the protocol masks them, and answers'
 * impressions logged without waiting for their fsync (they carry no preference and change no ranking without rotation
 * rules, which the evaluation shop has none of).
 * <p>
 * Parameters (defaults from the server's configuration): {@code itemModels}, the registry's item-to-item models trained
 * with the shop model and used as pipeline sources (comma-separated, {@code -} for none; the server's
 * {@code training.item-models}); {@code w.<source>}, the user scenario's blend weight of a source (the built-in
 * {@code als}, {@code cooccurrence}, {@code session}, {@code content}, {@code trending}, {@code popular}, and each item
 * model, used only when it is in {@code itemModels}); {@code threads} and {@code seed} go to training.
 */
public final class EngineBlend implements Contender {
    public static final String NAME = "blend";
    /** Purchased items the engine remembers per user during evaluation (production: 500). */
    public static final int PURCHASED_BOUND = 10_000;
    private static final ShopId SHOP = ShopId.of("eval");
    /** ISO 4217 "no currency": the datasets do not say which currency their prices are in. */
    private static final String NO_CURRENCY = "XXX";
    private static final List<String> BUILT_IN = List.of("als", "cooccurrence", "session", "content", "trending",
            "popular");

    private final EngineConfig base;
    private final Function<String, List<String>> categorizer;
    private final Path tempRoot;

    /**
     * @param base
     *            the server's engine configuration (the CLI passes the one its configuration file gives)
     * @param categorizer
     *            maps an item title to a category path (the demo's keyword rules for UCI), or null for none
     * @param tempRoot
     *            where the engine's temporary data directories go (null: the system default)
     */
    public EngineBlend(EngineConfig base, Function<String, List<String>> categorizer, Path tempRoot) {
        this.base = Objects.requireNonNull(base, "base");
        this.categorizer = categorizer;
        this.tempRoot = tempRoot;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return "engine";
    }

    @Override
    public Map<String, String> defaults(int threads, long seed) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("itemModels", base.itemModels().isEmpty() ? "-" : String.join(",", base.itemModels().keySet()));
        Map<String, Double> w = base.blendWeights().getOrDefault(Scenario.USER, Map.of());
        for (String s : sources()) {
            d.put("w." + s, trim(w.getOrDefault(s, BUILT_IN.contains(s) ? 0.0 : 1.0)));
        }
        d.put("threads", Integer.toString(threads));
        d.put("seed", Long.toString(seed));
        return d;
    }

    /** The pipeline's built-in sources, then every registry model that can be an item-to-item source. */
    private List<String> sources() {
        List<String> out = new ArrayList<>(BUILT_IN);
        for (String m : Algorithms.names()) {
            if (!out.contains(m) && !m.equals("popular") && !m.equals("als")) {
                out.add(m);
            }
        }
        return out;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The engine configuration of one evaluation: the server's, adjusted as the class comment says. */
    EngineConfig config(Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>(defaults(1, 42));
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!p.containsKey(e.getKey())) {
                throw new IllegalArgumentException(
                        "model '" + NAME + "' has no parameter '" + e.getKey() + "'; known: " + p.keySet());
            }
            p.put(e.getKey(), e.getValue());
        }
        Map<String, Map<String, String>> itemModels = new LinkedHashMap<>();
        String names = p.get("itemModels").strip();
        if (!names.equals("-") && !names.isEmpty()) {
            for (String m : names.split(",")) {
                String name = m.strip();
                if (!sources().contains(name) || BUILT_IN.contains(name)) {
                    throw new IllegalArgumentException("model '" + NAME + "' parameter 'itemModels': '" + name
                            + "' is not an item-to-item model of the registry; known: "
                            + sources().subList(BUILT_IN.size(), sources().size()));
                }
                itemModels.put(name, base.itemModels().getOrDefault(name, Map.of()));
            }
        }
        Map<String, Double> user = new HashMap<>();
        for (String s : sources()) {
            double v = number(p, "w." + s);
            if (v > 0) {
                user.put(s, v);
            }
        }
        int threads = (int) number(p, "threads");
        long seed = Long.parseLong(p.get("seed").trim());
        return base.withTraining(base.trainingTime(), base.trainingZone(), false).withModelsToRetain(1)
                .withHistoryLimits(Duration.ofDays(365L * 200), PURCHASED_BOUND).withHoldoutUsers(0)
                .withItemModels(itemModels).withBlendWeights(Scenario.USER, user).withDurableExposure(false)
                .withTrainingParams(base.trainingParams().withThreads(Math.max(1, threads)).withSeed(seed));
    }

    private static double number(Map<String, String> p, String key) {
        try {
            double v = Double.parseDouble(p.get(key).trim());
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "model '" + NAME + "' parameter '" + key + "' = '" + p.get(key) + "' must be a number >= 0");
        }
    }

    @Override
    public Trained train(Split split, Map<String, String> params) throws IOException {
        EngineConfig config = config(params);
        Path dir = tempRoot == null ? Files.createTempDirectory("shoptide-eval-")
                : Files.createTempDirectory(Files.createDirectories(tempRoot), "shoptide-eval-");
        Clock clock = Clock.fixed(Instant.ofEpochMilli(split.clockMillis()), ZoneOffset.UTC);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            SegmentEventLog log = SegmentEventLog.open(dir.resolve("events"));
            open.add(log);
            SqliteDatabase db = new SqliteDatabase(dir.resolve("shoptide.db"));
            open.add(db);
            DefaultEngine engine = new DefaultEngine(config, new SqliteShopStore(db), new SqliteItemStore(db, clock),
                    new SqliteUserStore(db, clock), log, new DirectoryModelStore(dir.resolve("models"), clock), clock)
                            .withRealtime(InMemoryRealtimeState.FACTORY);
            open.add(engine);
            engine.start();
            engine.createShop(SHOP, "Offline evaluation");
            upsertCatalog(engine, split.data());
            ingest(engine, split.data(), split.trainRows());
            TrainingReport report = engine.train(SHOP);
            Map<String, String> stats = new LinkedHashMap<>(report.stats());
            stats.put("eventsRead", Long.toString(report.eventsRead()));
            stats.put("engineTrainMillis", Long.toString(report.took().toMillis()));
            Interactions data = split.data();
            Map<String, Integer> itemIndex = new HashMap<>();
            for (int i = 0; i < data.itemCount(); i++) {
                itemIndex.put(data.itemId(i), i);
            }
            Ranker.Lists ranker = (EvalCase c, Variant v) -> {
                Recommendation r = engine
                        .recommend(new RecommendationRequest(SHOP, Scenario.USER, data.userId(c.user()), null, null,
                                null, Evaluator.MAX_LIST, Filters.NONE, v.maskHistory(), null));
                int[] out = new int[r.items().size()];
                int k = 0;
                for (RecommendedItem ri : r.items()) {
                    out[k++] = itemIndex.getOrDefault(ri.itemId(), -1);
                }
                return out;
            };
            return new Trained() {
                private boolean historyIngested;

                @Override
                public Ranker ranker(Split s) {
                    RegistryModel.requireSameTraining(split, s);
                    int[] extra = s.historyOnlyRows();
                    if (historyIngested && extra.length == 0) {
                        throw new IllegalStateException("the engine has ingested the " + s.name()
                                + " split's history-only rows; rank the validation split first");
                    }
                    if (extra.length > 0 && !historyIngested) {
                        ingest(engine, data, extra);
                        historyIngested = true;
                    }
                    return ranker;
                }

                @Override
                public long trainMillis() {
                    return report.took().toMillis();
                }

                @Override
                public Map<String, String> stats() {
                    return stats;
                }

                @Override
                public void close() throws IOException {
                    closeAll(open);
                    deleteTree(dir);
                }
            };
        } catch (RuntimeException e) {
            closeAll(open);
            deleteTree(dir);
            throw e;
        }
    }

    private void upsertCatalog(Engine engine, Interactions data) {
        double[] price = new double[data.itemCount()];
        Arrays.fill(price, Double.NaN);
        for (int r = 0; r < data.size(); r++) {
            if (data.price(r) >= 0) {
                price[data.item(r)] = data.price(r); // the last known price, as the demo loader keeps
            }
        }
        List<Item> batch = new ArrayList<>();
        for (int i = 0; i < data.itemCount(); i++) {
            String title = data.itemTitle(i);
            List<String> category = title == null || categorizer == null ? List.of() : categorizer.apply(title);
            batch.add(new Item(data.itemId(i), title, null, Double.isNaN(price[i]) ? null : price[i], null, null,
                    category, Map.of(), List.of(), true, null, null));
            if (batch.size() == 5000) {
                engine.upsertItems(SHOP, batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            engine.upsertItems(SHOP, batch);
        }
    }

    /** Ingests the rows (chronological) in time order; consecutive rows of one user's basket become one purchase. */
    private static void ingest(Engine engine, Interactions d, int[] rows) {
        List<Event> batch = new ArrayList<>(Engine.MAX_BATCH);
        int k = 0;
        int n = rows.length;
        while (k < n) {
            int r = rows[k];
            EventType type = d.type(r);
            Instant ts = Instant.ofEpochMilli(d.time(r));
            String user = d.userId(d.user(r));
            if (type == EventType.PURCHASE || type == EventType.REFUND) {
                List<LineItem> lines = new ArrayList<>();
                int b = d.basket(r);
                int j = k;
                while (j < n) {
                    int rj = rows[j];
                    if (j > k && (b < 0 || d.basket(rj) != b || d.user(rj) != d.user(r) || d.type(rj) != type)) {
                        break;
                    }
                    double p = d.price(rj);
                    lines.add(new LineItem(d.itemId(d.item(rj)), p >= 0 ? p : 0, Math.max(1, d.quantity(rj)),
                            NO_CURRENCY));
                    j++;
                }
                String order = b >= 0 ? d.basketId(b) : "row-" + r;
                batch.add(new Event(null, type, null, user, null, null, ts, null, null, null, order, lines, null, null,
                        null));
                k = j;
            } else {
                Double value = type == EventType.RATE ? (double) d.value(r) : null;
                batch.add(new Event(null, type, null, user, null, null, ts, d.itemId(d.item(r)), value, null, null,
                        null, null, null, null));
                k++;
            }
            if (batch.size() == Engine.MAX_BATCH) {
                ingestBatch(engine, batch);
            }
        }
        if (!batch.isEmpty()) {
            ingestBatch(engine, batch);
        }
    }

    private static void ingestBatch(Engine engine, List<Event> batch) {
        try {
            engine.ingest(SHOP, batch);
        } catch (ValidationException e) {
            throw new IllegalStateException(
                    "the engine rejected training events (first: "
                            + e.violations().stream().limit(3).map(v -> v.field() + ": " + v.message()).toList() + ")",
                    e);
        }
        batch.clear();
    }

    private static void closeAll(List<AutoCloseable> open) {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                System.getLogger(EngineBlend.class.getName()).log(System.Logger.Level.WARNING,
                        "closing the evaluation engine failed", e);
            }
        }
        open.clear();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
