package org.shoptide.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drives one shop of a real server through simulated days of traffic, over its public HTTP API only.
 * <p>
 * <b>Arrivals.</b> On each simulated day every user visits with their daily visit probability, at a uniformly drawn
 * time of the day; sessions run in arrival order, {@link Options#parallelism()} at a time.
 * <p>
 * <b>A session</b> (user u at time t, events {@link Options#eventSpacing()} apart):
 * <ol>
 * <li>organic browsing: {@code view} events (and {@code add_to_cart} for some, see {@link ChoiceModel}), sent in one
 * batch so that the server knows the session before it recommends;
 * <li>the recommendation slot: {@code GET /v1/recommendations?scenario=user&userId=u&n=}{@link Options#listSize()}; the
 * simulator sends an {@code impression} event for the whole list (what was on screen), then looks at each position with
 * the examination probability, clicks by attraction, and may add a clicked item to the cart; clicks, item views and
 * add-to-carts carry {@code context.recommendationId};
 * <li>checkout: a non-empty cart becomes one {@code purchase} (one line per item, quantity 1, catalog price) with
 * probability {@code checkoutRate}; it carries the recommendationId when a line came from a recommendation click.
 * </ol>
 * Every random choice of a session comes from a generator seeded by (seed, day, user), so the simulator's behaviour
 * does not depend on thread interleaving; the server's answers can (its realtime state sees concurrent sessions in
 * arrival order), and {@code parallelism = 1} removes that source of variation (the server's exploration draws are not
 * seeded, so runs with exploration stay statistically, not exactly, repeatable).
 */
public final class Simulation {
    /**
     * How a simulation runs.
     *
     * @param start
     *            simulated time of day 0, 00:00
     * @param listSize
     *            items asked for per recommendation (n)
     * @param parallelism
     *            sessions in flight at once
     * @param eventSpacing
     *            simulated time between two events of a session
     * @param scenario
     *            the scenario of the recommendation slot ({@code user}: "for you")
     */
    public record Options(Instant start, int listSize, int parallelism, Duration eventSpacing, String scenario) {
        public Options {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(eventSpacing, "eventSpacing");
            Objects.requireNonNull(scenario, "scenario");
            if (listSize < 1 || listSize > 100 || parallelism < 1) {
                throw new IllegalArgumentException("listSize must be in 1..100 and parallelism >= 1");
            }
        }

        /** Day 0 is 2026-01-05, 10 items per list, 4 sessions in flight, events 20 s apart, scenario user. */
        public static Options defaults() {
            return new Options(Instant.parse("2026-01-05T00:00:00Z"), 10, 4, Duration.ofSeconds(20), "user");
        }

        public Options withParallelism(int p) {
            return new Options(start, listSize, p, eventSpacing, scenario);
        }

        public Options withStart(Instant s) {
            return new Options(s, listSize, parallelism, eventSpacing, scenario);
        }

        public Options withScenario(String s) {
            return new Options(start, listSize, parallelism, eventSpacing, s);
        }
    }

    /** Organic views per session are geometric, truncated here. */
    static final int MAX_ORGANIC_VIEWS = 30;

    private final ShopWorld world;
    private final ChoiceModel model;
    private final ShopClient shop;
    private final SimClock clock;
    private final Options options;
    private final long seed;
    /** A shop fed the same events, asked the same questions, whose answers are only recorded; or null. */
    private final ShopClient shadow;
    private final Map<String, List<String>> counterfactual = new ConcurrentHashMap<>();

    public Simulation(ShopWorld world, ChoiceModel model, ShopClient shop, SimClock clock, long seed, Options options) {
        this(world, model, shop, clock, seed, options, null);
    }

    private Simulation(ShopWorld world, ChoiceModel model, ShopClient shop, SimClock clock, long seed, Options options,
            ShopClient shadow) {
        this.shadow = shadow;
        this.world = Objects.requireNonNull(world, "world");
        this.model = Objects.requireNonNull(model, "model");
        this.shop = Objects.requireNonNull(shop, "shop");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.options = Objects.requireNonNull(options, "options");
        this.seed = seed;
    }

    public ShopClient shop() {
        return shop;
    }

    /**
     * A copy that mirrors everything it sends to {@code shadow} (catalog, events, trainings) and, at every
     * recommendation, asks {@code shadow} the same question. The shadow's answers are never shown to the simulated
     * user: they are what the shadow's policy would have shown in the same situation ({@link #counterfactual}), the
     * input of off-policy estimates.
     */
    public Simulation mirroringTo(ShopClient shadowShop) {
        return new Simulation(world, model, shop, clock, seed, options, Objects.requireNonNull(shadowShop, "shadow"));
    }

    /** The shadow's answer (item ids in order) for each recommendationId the shop gave; empty without a shadow. */
    public Map<String, List<String>> counterfactual() {
        return Map.copyOf(counterfactual);
    }

    public ShopWorld world() {
        return world;
    }

    public Instant dayStart(int day) {
        return options.start().plus(Duration.ofDays(day));
    }

    /** Upserts the whole catalog ({@code POST /v1/items}). */
    public void loadCatalog() {
        List<ObjectNode> items = new ArrayList<>(world.items());
        for (int i = 0; i < world.items(); i++) {
            int c = world.category(i);
            ObjectNode o = ShopClient.JSON.createObjectNode();
            o.put("id", ShopWorld.itemId(i)).put("title", world.title(i)).put("price", world.price(i))
                    .put("currency", "EUR").put("brand", world.brand(i)).put("inStock", true);
            o.putArray("categoryPath").add(world.department(c)).add(world.leaf(c));
            items.add(o);
        }
        clock.advanceTo(options.start());
        shop.upsertItems(items);
        if (shadow != null) {
            shadow.upsertItems(items);
        }
    }

    /** A planned session. */
    record Visit(int user, Instant start) {
    }

    /** The sessions of a day, in arrival order. */
    List<Visit> schedule(int day) {
        List<Visit> visits = new ArrayList<>();
        long dayMillis = Duration.ofDays(1).toMillis();
        for (int u = 0; u < world.users(); u++) {
            SplittableRandom r = rng(day, u, 0);
            if (r.nextDouble() < world.visitRate(u)) {
                visits.add(new Visit(u, dayStart(day).plusMillis((long) (r.nextDouble() * dayMillis))));
            }
        }
        visits.sort(Comparator.comparing(Visit::start).thenComparingInt(Visit::user));
        return visits;
    }

    /**
     * Runs simulated days {@code firstDay .. firstDay + days - 1}, recording into {@code tally}; with {@code train},
     * the shop is retrained ({@code POST /v1/train}) at the end of each day.
     *
     * @return the number of sessions run
     */
    public int runDays(int firstDay, int days, boolean train, Tally tally) {
        return runDays(List.of(this), List.of(tally), firstDay, days, train, options.parallelism());
    }

    /**
     * Runs the same days of several shops of one server together, their sessions merged in arrival order and
     * {@code parallelism} at a time, so that the shared clock means the same day for all of them.
     *
     * @param tallies
     *            one per simulation
     *
     * @return the number of sessions run
     */
    @SuppressWarnings("ReferenceEquality") // one clock object must drive them all, not equal copies
    public static int runDays(List<Simulation> sims, List<Tally> tallies, int firstDay, int days, boolean train,
            int parallelism) {
        if (sims.size() != tallies.size() || sims.isEmpty()) {
            throw new IllegalArgumentException("one tally per simulation, at least one simulation");
        }
        SimClock clock = sims.get(0).clock;
        Instant start = sims.get(0).options.start();
        for (Simulation s : sims) {
            if (s.clock != clock || !s.options.start().equals(start)) {
                throw new IllegalArgumentException("simulations run together must share their clock and start");
            }
        }
        record Planned(int sim, Visit visit) {
        }
        int sessions = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int day = firstDay; day < firstDay + days; day++) {
                List<Planned> visits = new ArrayList<>();
                for (int i = 0; i < sims.size(); i++) {
                    for (Visit v : sims.get(i).schedule(day)) {
                        visits.add(new Planned(i, v));
                    }
                }
                visits.sort(Comparator.comparing((Planned p) -> p.visit().start()).thenComparingInt(Planned::sim)
                        .thenComparingInt(p -> p.visit().user()));
                for (int from = 0; from < visits.size(); from += parallelism) {
                    List<Future<?>> running = new ArrayList<>();
                    for (Planned p : visits.subList(from, Math.min(visits.size(), from + parallelism))) {
                        int d = day;
                        running.add(pool.submit(() -> sims.get(p.sim()).session(d, p.visit(), tallies.get(p.sim()))));
                    }
                    for (Future<?> f : running) {
                        join(f);
                    }
                }
                sessions += visits.size();
                clock.advanceTo(start.plus(Duration.ofDays(day + 1)));
                if (train) {
                    for (Simulation s : sims) {
                        s.shop.train();
                        if (s.shadow != null) {
                            s.shadow.train();
                        }
                    }
                }
            }
        }
        return sessions;
    }

    private static void join(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Builds the events of one session with increasing timestamps, {@link Options#eventSpacing()} apart. The clock is
     * moved to an event's time before it is sent (the server rejects events from its future), and after a
     * recommendation the session continues from the server's time of that answer at the earliest, so that what a user
     * does after seeing a recommendation is never stamped before it was shown, even when concurrent sessions moved the
     * clock on.
     */
    private final class Events {
        final String userId;
        final String sessionId;
        final String prefix;
        Instant time;
        int step;
        List<ObjectNode> pending = new ArrayList<>();

        Events(int day, Visit v) {
            userId = ShopWorld.userId(v.user());
            sessionId = "s" + day + "-" + v.user();
            time = v.start();
            prefix = shop.shopId() + ":" + sessionId + ":";
        }

        ObjectNode add(String type) {
            ObjectNode o = ShopClient.JSON.createObjectNode();
            o.put("eventId", prefix + step).put("type", type).put("userId", userId).put("sessionId", sessionId)
                    .put("timestamp", time.toString());
            step++;
            time = time.plus(options.eventSpacing());
            pending.add(o);
            return o;
        }

        ObjectNode add(String type, int item, String recommendationId) {
            ObjectNode o = add(type).put("itemId", ShopWorld.itemId(item));
            if (recommendationId != null) {
                o.putObject("context").put("recommendationId", recommendationId).put("scenario", options.scenario());
            }
            return o;
        }

        void flush() {
            clock.advanceTo(time);
            if (!pending.isEmpty()) {
                shop.sendEvents(pending);
                if (shadow != null) {
                    shadow.sendEvents(pending);
                }
                pending = new ArrayList<>();
            }
        }

        /** Asks for the recommendation at the session's time, and continues from the server's time of the answer. */
        JsonNode recommend() {
            clock.advanceTo(time);
            Map<String, String> query = Map.of("scenario", options.scenario(), "userId", userId, "n",
                    Integer.toString(options.listSize()));
            JsonNode rec = shop.recommend(query);
            if (shadow != null) {
                List<String> ids = new ArrayList<>();
                shadow.recommend(query).path("items").forEach(i -> ids.add(i.path("itemId").asText()));
                counterfactual.put(rec.path("recommendationId").asText(), List.copyOf(ids));
            }
            Instant served = clock.instant();
            time = time.isAfter(served) ? time : served;
            return rec;
        }
    }

    private void session(int day, Visit v, Tally tally) {
        SplittableRandom rnd = rng(day, v.user(), 1);
        int u = v.user();
        Events ev = new Events(day, v);
        Map<Integer, String> cart = new LinkedHashMap<>(); // item -> recommendationId or null (organic)
        double goOn = model.meanOrganicViews() / (1 + model.meanOrganicViews());
        for (int views = 0; views < MAX_ORGANIC_VIEWS && rnd.nextDouble() < goOn; views++) {
            int item = world.browse(model, u, rnd);
            ev.add("view", item, null);
            double pCart = model.cart(world.value(model, u, item),
                    model.affordability(world.price(item), world.budget(u)), true);
            if (!cart.containsKey(item) && rnd.nextDouble() < pCart) {
                ev.add("add_to_cart", item, null);
                cart.put(item, null);
            }
        }
        ev.flush();

        JsonNode rec = ev.recommend();
        String recId = rec.path("recommendationId").asText();
        String variant = rec.path("experiment").isObject() ? rec.path("experiment").path("variant").asText()
                : Tally.NO_VARIANT;
        JsonNode items = rec.path("items");
        tally.recommended(u, variant, items.size());
        if (!items.isEmpty()) {
            ObjectNode imp = ev.add("impression");
            imp.putObject("context").put("recommendationId", recId).put("scenario", options.scenario());
            ArrayNode shown = imp.putArray("items");
            for (int k = 0; k < items.size(); k++) {
                shown.addObject().put("itemId", items.get(k).path("itemId").asText()).put("position", k + 1);
            }
        }
        for (int k = 0; k < items.size(); k++) {
            int item = world.itemIndex(items.get(k).path("itemId").asText());
            double examined = model.examination(k + 1);
            // draw all three numbers always, so a position's outcome does not shift the randomness of later positions
            double e = rnd.nextDouble();
            double c = rnd.nextDouble();
            double a = rnd.nextDouble();
            if (item < 0 || e >= examined) {
                continue;
            }
            double value = world.value(model, u, item);
            if (c >= model.click(value)) {
                continue;
            }
            ev.add("click", item, recId);
            ev.add("view", item, recId);
            tally.clicked(u, variant);
            double pCart = model.cart(value, model.affordability(world.price(item), world.budget(u)), false);
            if (a < pCart && !cart.containsKey(item)) {
                ev.add("add_to_cart", item, recId);
                tally.carted(variant);
                cart.put(item, recId);
            }
        }
        if (!cart.isEmpty() && rnd.nextDouble() < model.checkoutRate()) {
            ObjectNode p = ev.add("purchase").put("orderId", "o-" + ev.sessionId);
            ArrayNode lines = p.putArray("lineItems");
            double revenue = 0;
            boolean viaRec = false;
            for (Map.Entry<Integer, String> line : cart.entrySet()) {
                double price = world.price(line.getKey());
                lines.addObject().put("itemId", ShopWorld.itemId(line.getKey())).put("price", price).put("quantity", 1)
                        .put("currency", "EUR");
                revenue += price;
                viaRec |= line.getValue() != null;
            }
            if (viaRec) {
                p.putObject("context").put("recommendationId", recId).put("scenario", options.scenario());
            }
            tally.ordered(u, revenue, viaRec ? variant : null);
        }
        ev.flush();
    }

    /** The generator of one (day, user, stream): independent of the order in which sessions run. */
    private SplittableRandom rng(int day, int user, int stream) {
        long h = seed * 0x9E3779B97F4A7C15L + day;
        h = h * 0xBF58476D1CE4E5B9L + user;
        h = h * 0x94D049BB133111EBL + stream;
        return new SplittableRandom(h);
    }
}
