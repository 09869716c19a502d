package org.shoptide.sim;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;
import org.shoptide.core.event.Event;
import org.shoptide.ltr.ImpressionLog;
import org.shoptide.ltr.LtrModel;
import org.shoptide.ltr.RerankerArtifact;
import org.shoptide.ltr.RerankerTraining;

/**
 * Estimate before launch: a candidate variant's CTR and revenue per impression are estimated from impressions logged by
 * the blend with exploration (which logs each shown item's propensity), then the candidate is served online to the same
 * simulated users and measured.
 * <p>
 * Three shops of one server: <b>logging</b> serves the blend with exploration; <b>shadow</b> receives exactly the
 * logging shop's catalog, events and trainings and serves the candidate, and at every recommendation of the logging
 * shop the simulator asks it the same question, so its answer is what the candidate would have shown in that situation;
 * <b>candidate</b> is a second copy of the same users (same world and session seeds) served by the candidate online.
 * The estimate uses the logging shop's exported log with the shadow's answers ({@link OffPolicy}); the online truth is
 * the candidate shop's exported log over the same days.
 */
public final class IpsStudy {
    private IpsStudy() {
    }

    /**
     * Sets the shop's exploration rate ({@code PATCH /v1/shops/{id}}); returns the rate in force (0 when the server
     * refused it).
     */
    static double enableExploration(ShopClient shop, double rate) {
        if (rate <= 0) {
            return 0;
        }
        try {
            shop.patchShop(ShopClient.JSON.createObjectNode().put("explorationRate", rate));
            return rate;
        } catch (ShopClient.ApiError e) {
            System.err.println("exploration not available: " + e.getMessage());
            return 0;
        }
    }

    /** The candidate named so is the blend re-ranked by a re-ranker trained on the warm-up log. */
    public static final String RERANKER = "reranker";

    /** The provider looks at an artifact file at most once a second; wait so that the next request sees it. */
    static void sleepPastProviderRecheck() {
        try {
            Thread.sleep(1200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs the inverse-propensity study of one candidate model.
     *
     * @param candidateModel
     *            the candidate variant's {@code model} ({@code als}, {@code popular}, ...), or {@link #RERANKER}
     */
    public static ObjectNode run(StudyConfig c, double exploration, String candidateModel) {
        long t0 = System.nanoTime();
        SimClock clock = new SimClock(c.options().start());
        try (SimServer server = SimServer.start(clock, c.serverConfig())) {
            ShopClient logging = server.createShop("ips-logging");
            ShopClient shadow = server.createShop("ips-shadow");
            ShopClient candidate = server.createShop("ips-candidate");
            ShopWorld world = ShopWorld.generate(c.world());
            Simulation logSim = new Simulation(world, c.choice(), logging, clock, c.seed(), c.options())
                    .mirroringTo(shadow);
            Simulation candSim = new Simulation(world, c.choice(), candidate, clock, c.seed(), c.options());
            logSim.loadCatalog();
            candSim.loadCatalog();
            ObjectNode out = ShopClient.JSON.createObjectNode();
            out.put("study", "ips");
            out.set("config", c.toJson());
            out.put("candidate", candidateModel);
            double rate = enableExploration(logging, exploration);
            enableExploration(candidate, exploration); // the same logging policy until the study starts
            out.put("exploration", rate);
            List<Simulation> sims = List.of(logSim, candSim);
            Simulation.runDays(sims, List.of(new Tally(), new Tally()), 0, c.warmupDays(), true, c.parallelism());
            Instant studyStart = clock.instant();
            candidate.patchShop(ShopClient.JSON.createObjectNode().put("explorationRate", 0.0));
            if (candidateModel.equals(RERANKER)) {
                // the re-ranker trained on the logging shop's warm-up log serves the shadow and the candidate shop
                List<Event> warmup = ShopData.events(logging);
                Map<String, Item> catalog = ShopData.catalog(logging);
                for (ShopClient s : List.of(shadow, candidate)) {
                    RerankerTraining.Outcome o = RerankerTraining.run(InMemoryRealtimeState.FACTORY,
                            new ShopId(logging.shopId()), Scenario.USER, sink -> warmup.forEach(sink), catalog::get,
                            0.7, LtrModel.Params.defaults(c.seed()), clock.instant(),
                            server.dataDir().resolve("rerankers").resolve(s.shopId())
                                    .resolve(RerankerArtifact.fileName(Scenario.USER)));
                    ObjectNode co = out.putObject("rerankerComparison");
                    o.comparison().toMap().forEach(co::put);
                    if (!o.comparison().wins()) {
                        System.err.println("the re-ranker did not beat the blend on the warm-up log: not served, the"
                                + " candidate is the blend");
                    }
                }
                sleepPastProviderRecheck();
            } else {
                for (ShopClient s : List.of(shadow, candidate)) {
                    Experiments.createAndStart(s, "candidate only",
                            List.of(Experiments.Variant.of("a", 50, candidateModel),
                                    Experiments.Variant.of("b", 50, candidateModel)),
                            0.0);
                }
            }
            List<Tally> tallies = List.of(new Tally(), new Tally());
            Simulation.runDays(sims, tallies, c.warmupDays(), c.days(), true, c.parallelism());
            out.set("simulator", ShopClient.JSON.createObjectNode().<ObjectNode> set("logging", tallies.get(0).toJson())
                    .set("candidate", tallies.get(1).toJson()));

            List<ImpressionLog.Group> logged = groups(logging, studyStart);
            List<ImpressionLog.Group> online = groups(candidate, studyStart);
            Map<String, List<String>> cf = logSim.counterfactual();
            List<OffPolicy.Logged> clicks = new ArrayList<>();
            List<OffPolicy.Logged> revenue = new ArrayList<>();
            int missingPropensity = 0;
            for (ImpressionLog.Group g : logged) {
                List<String> sigma = cf.get(g.recommendationId());
                if (sigma == null) {
                    continue;
                }
                int k = g.rows().size();
                double[] click = new double[k];
                double[] rev = new double[k];
                double[] p = new double[k];
                boolean[] match = new boolean[k];
                for (int s = 0; s < k; s++) {
                    ImpressionLog.Row r = g.rows().get(s);
                    click[s] = r.label() > 0 ? 1 : 0;
                    rev[s] = r.revenue();
                    // without exploration every shown item was shown with certainty
                    p[s] = Double.isNaN(r.propensity()) ? 1 : r.propensity();
                    missingPropensity += Double.isNaN(r.propensity()) ? 1 : 0;
                    int pos = r.position();
                    match[s] = pos >= 1 && pos <= sigma.size() && sigma.get(pos - 1).equals(r.itemId());
                }
                clicks.add(new OffPolicy.Logged(click, p, match));
                revenue.add(new OffPolicy.Logged(rev, p, match));
            }
            out.put("loggedImpressions", clicks.size()).put("slotsWithoutPropensity", missingPropensity);
            int listSize = c.options().listSize();
            OffPolicy.Estimates ctr = OffPolicy.estimate(clicks, 1000, c.seed());
            OffPolicy.Estimates rpi = OffPolicy.estimate(revenue, 1000, c.seed() + 1);
            ObjectNode table = out.putObject("ctr");
            put(table, "loggingPolicyObserved", OffPolicy.observed(perList(logged, false), 1000, c.seed() + 2),
                    1.0 / listSize);
            put(table, "candidateIps", ctr.ips(), 1.0 / listSize);
            put(table, "candidateSnips", ctr.snips(), 1.0 / listSize);
            put(table, "candidateOnline", OffPolicy.observed(perList(online, false), 1000, c.seed() + 3),
                    1.0 / listSize);
            ObjectNode rt = out.putObject("revenuePerImpression");
            put(rt, "loggingPolicyObserved", OffPolicy.observed(perList(logged, true), 1000, c.seed() + 4), 1);
            put(rt, "candidateIps", rpi.ips(), 1);
            put(rt, "candidateSnips", rpi.snips(), 1);
            put(rt, "candidateOnline", OffPolicy.observed(perList(online, true), 1000, c.seed() + 5), 1);
            out.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            return out;
        }
    }

    private static List<ImpressionLog.Group> groups(ShopClient shop, Instant from) {
        Map<String, Item> catalog = ShopData.catalog(shop);
        ImpressionLog log = new ImpressionLog(InMemoryRealtimeState.FACTORY, new ShopId(shop.shopId()), catalog::get,
                Scenario.USER);
        ShopData.events(shop).forEach(log::accept);
        return log.groups().stream().filter(g -> !g.time().isBefore(from)).toList();
    }

    /** Clicks (rows with a label) or attributed revenue per list. */
    private static double[] perList(List<ImpressionLog.Group> groups, boolean revenue) {
        double[] out = new double[groups.size()];
        for (int i = 0; i < out.length; i++) {
            for (ImpressionLog.Row r : groups.get(i).rows()) {
                out[i] += revenue ? r.revenue() : r.label() > 0 ? 1 : 0;
            }
        }
        return out;
    }

    private static void put(ObjectNode table, String name, OffPolicy.Estimate e, double scale) {
        ObjectNode o = table.putObject(name);
        o.put("value", e.value() * scale);
        o.putArray("ci95").add(e.lower() * scale).add(e.upper() * scale);
        o.put("support", e.matchedSlots()).put("effectiveSampleSize", Math.round(e.effectiveSampleSize()));
    }
}
