package org.shoptide.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.api.Scenario;
import org.shoptide.ltr.LtrFeatures;
import org.shoptide.ltr.LtrModel;
import org.shoptide.ltr.RerankerArtifact;
import org.shoptide.ltr.RerankerTraining;

/**
 * The learning-to-rank comparison, offline and then online.
 * <p>
 * <b>Offline.</b> A simulated shop is served by the blend with exploration for the warm-up plus study days; its event
 * log is read back through the export API, a LambdaMART re-ranker is trained on the earlier part and compared with the
 * blend's order on the later part ({@link org.shoptide.ltr.LtrComparison}), and the artifact is stored where the
 * server's re-ranker provider looks for it ({@code <data.dir>/rerankers/<shop>/user.reranker}), so that the server
 * serves it exactly when it won.
 * <p>
 * <b>Online</b> (when {@code onlineDays} &gt; 0). A twin shop ran alongside from the start: same catalog, same users,
 * same session random numbers, served by the blend. For the online days exploration is switched off in both; the first
 * shop now serves the re-ranker (if it won), the twin the blend. Because both see the same users making the same random
 * draws, the per-user differences in conversion, revenue and clicks measure the re-ranker alone (common random
 * numbers), with a bootstrap interval over users.
 */
public final class LtrStudy {
    private LtrStudy() {
    }

    public static ObjectNode run(StudyConfig c, double exploration, double trainFraction, int onlineDays) {
        long t0 = System.nanoTime();
        SimClock clock = new SimClock(c.options().start());
        try (SimServer server = SimServer.start(clock, c.serverConfig())) {
            ShopClient shop = server.createShop("sim-ltr");
            ShopClient twin = server.createShop("sim-ltr-twin");
            ShopWorld world = ShopWorld.generate(c.world());
            Simulation sim = new Simulation(world, c.choice(), shop, clock, c.seed(), c.options());
            Simulation twinSim = new Simulation(world, c.choice(), twin, clock, c.seed(), c.options());
            sim.loadCatalog();
            twinSim.loadCatalog();
            ObjectNode out = ShopClient.JSON.createObjectNode();
            out.put("study", "ltr");
            out.set("config", c.toJson());
            out.put("exploration", IpsStudy.enableExploration(shop, exploration));
            IpsStudy.enableExploration(twin, exploration);
            Tally tally = new Tally();
            int days = c.warmupDays() + c.days();
            int sessions = Simulation.runDays(List.of(sim, twinSim), List.of(tally, new Tally()), 0, days, true,
                    c.parallelism());
            out.put("sessions", sessions);
            out.set("simulator", tally.toJson());

            List<Event> events = ShopData.events(shop);
            Map<String, Item> catalog = ShopData.catalog(shop);
            out.put("loggedEvents", events.size());
            RerankerTraining.Outcome o = RerankerTraining.run(InMemoryRealtimeState.FACTORY, new ShopId(shop.shopId()),
                    Scenario.USER, sink -> events.forEach(sink), catalog::get, trainFraction,
                    LtrModel.Params.defaults(c.seed()), clock.instant(), server.dataDir().resolve("rerankers")
                            .resolve(shop.shopId()).resolve(RerankerArtifact.fileName(Scenario.USER)));
            out.put("impressions", o.impressions());
            ObjectNode co = out.putObject("comparison");
            o.comparison().toMap().forEach(co::put);
            ObjectNode imp = out.putObject("featureImportance");
            for (int i = 0; i < o.importance().length; i++) {
                imp.put(LtrFeatures.NAMES.get(i), Math.round(1000 * o.importance()[i]) / 1000.0);
            }
            out.put("activated", o.comparison().wins());

            if (onlineDays > 0) {
                for (ShopClient s : List.of(shop, twin)) {
                    s.patchShop(ShopClient.JSON.createObjectNode().put("explorationRate", 0.0));
                }
                IpsStudy.sleepPastProviderRecheck();
                Tally withLtr = new Tally();
                Tally blend = new Tally();
                Simulation.runDays(List.of(sim, twinSim), List.of(withLtr, blend), days, onlineDays, true,
                        c.parallelism());
                ObjectNode online = out.putObject("online");
                online.put("days", onlineDays).put("rerankerServed", o.comparison().wins());
                online.set("reranker", withLtr.toJson());
                online.set("blend", blend.toJson());
                online.set("conversionPerUser", paired(withLtr.userRevenue(), blend.userRevenue(), true, c.seed()));
                online.set("revenuePerUser", paired(withLtr.userRevenue(), blend.userRevenue(), false, c.seed() + 1));
                online.set("clicksPerUser",
                        paired(asDouble(withLtr.userClicks()), asDouble(blend.userClicks()), false, c.seed() + 2));
            }
            out.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            return out;
        }
    }

    private static Map<Integer, Double> asDouble(Map<Integer, Integer> m) {
        Map<Integer, Double> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }

    /**
     * Mean of the per-user difference (a − b) over users exposed in both, with a bootstrap 95 % interval; with
     * {@code converted}, the outcome is whether the user bought anything (revenue &gt; 0).
     */
    static ObjectNode paired(Map<Integer, Double> a, Map<Integer, Double> b, boolean converted, long seed) {
        List<Double> diffs = new ArrayList<>();
        double sumA = 0;
        double sumB = 0;
        for (Map.Entry<Integer, Double> e : a.entrySet()) {
            Double other = b.get(e.getKey());
            if (other == null) {
                continue;
            }
            double x = converted ? (e.getValue() > 0 ? 1 : 0) : e.getValue();
            double y = converted ? (other > 0 ? 1 : 0) : other;
            sumA += x;
            sumB += y;
            diffs.add(x - y);
        }
        ObjectNode o = ShopClient.JSON.createObjectNode();
        int n = diffs.size();
        o.put("users", n);
        if (n == 0) {
            return o;
        }
        OffPolicy.Estimate d = OffPolicy.observed(diffs.stream().mapToDouble(Double::doubleValue).toArray(), 1000,
                seed);
        o.put("reranker", sumA / n).put("blend", sumB / n).put("difference", d.value());
        o.putArray("ci95").add(d.lower()).add(d.upper());
        o.put("relative", sumB == 0 ? Double.NaN : d.value() / (sumB / n));
        return o;
    }
}
