package org.shoptide.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * An A/B experiment of popularity ({@code model: "popular"}, control) against the personalized blend
 * ({@code model: "blend"}, treatment) on one simulated shop: warm-up days on the default pipeline, then the experiment
 * runs for the study's days with nightly retraining, and its results are read from {@code GET
 * /v1/experiments/{id}/results}. The simulator's own tally of what it sent is reported next to them.
 */
public final class ExperimentStudy {
    public static final String CONTROL = "popular";
    public static final String TREATMENT = "personalized";

    private ExperimentStudy() {
    }

    /** Runs the study on a fresh in-process server and returns its result document. */
    public static ObjectNode run(StudyConfig c) {
        long t0 = System.nanoTime();
        SimClock clock = new SimClock(c.options().start());
        try (SimServer server = SimServer.start(clock, c.serverConfig())) {
            ShopClient shop = server.createShop("sim-experiment");
            ObjectNode out = run(c, shop, clock);
            out.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            return out;
        }
    }

    /** Runs the study on a shop of a running server. */
    public static ObjectNode run(StudyConfig c, ShopClient shop, SimClock clock) {
        ShopWorld world = ShopWorld.generate(c.world());
        Simulation sim = new Simulation(world, c.choice(), shop, clock, c.seed(), c.options());
        sim.loadCatalog();
        int warmupSessions = c.warmupDays() == 0 ? 0 : sim.runDays(0, c.warmupDays(), true, new Tally());
        if (c.warmupDays() == 0) {
            shop.train();
        }
        String id = Experiments.createAndStart(shop, "popular vs personalized",
                List.of(Experiments.Variant.of(CONTROL, 50, "popular"), Experiments.Variant.of(TREATMENT, 50, "blend")),
                0.0);
        Tally tally = new Tally();
        int sessions = sim.runDays(c.warmupDays(), c.days(), true, tally);
        JsonNode results = Experiments.results(shop, id);
        Experiments.stop(shop, id);

        ObjectNode out = ShopClient.JSON.createObjectNode();
        out.put("study", "experiment");
        out.set("config", c.toJson());
        out.put("experimentId", id);
        out.put("warmupSessions", warmupSessions).put("sessions", sessions);
        out.set("simulator", tally.toJson());
        out.set("server", results);
        out.set("verdict", verdict(results));
        return out;
    }

    /**
     * Whether personalized beat popularity on conversion and revenue per visitor, each with the 95 % interval of the
     * difference above zero.
     */
    static ObjectNode verdict(JsonNode results) {
        ObjectNode v = ShopClient.JSON.createObjectNode();
        Map<String, JsonNode> variants = Experiments.variants(results);
        JsonNode t = variants.get(TREATMENT);
        boolean all = t != null;
        for (String metric : List.of("conversionRate", "revenuePerVisitor")) {
            JsonNode d = t == null ? ShopClient.JSON.missingNode() : Experiments.difference(t, metric);
            double[] ci = Experiments.ci95(d);
            boolean wins = ci != null && ci[0] > 0;
            all &= wins;
            ObjectNode m = v.putObject(metric);
            m.put("difference", d.path("diff").asDouble(d.path("value").asDouble(Double.NaN)));
            if (ci != null) {
                m.putArray("ci95").add(ci[0]).add(ci[1]);
            }
            m.put("pValue", d.path("pValue").asDouble(Double.NaN));
            m.put("personalizedWins", wins);
        }
        v.put("personalizedWinsBoth", all);
        return v;
    }
}
