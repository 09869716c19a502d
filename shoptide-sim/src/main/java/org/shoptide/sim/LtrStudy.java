package org.shoptide.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;
import org.shoptide.ltr.LtrFeatures;
import org.shoptide.ltr.LtrModel;
import org.shoptide.ltr.RerankerArtifact;
import org.shoptide.ltr.RerankerTraining;

/**
 * The offline learning-to-rank comparison: a simulated shop is served by the blend (with exploration when the server
 * offers it) for warm-up plus study days; its event log is then read back through the export API, turned into
 * impression groups ({@link org.shoptide.ltr.ImpressionLog}), a LambdaMART model is trained on the earlier part and
 * compared with the blend's order on the later part ({@link org.shoptide.ltr.LtrComparison}). The artifact is stored
 * where the server's re-ranker provider looks for it ({@code <data.dir>/rerankers/<shop>/user.reranker}), so the server
 * serves it exactly when it won.
 */
public final class LtrStudy {
    private LtrStudy() {
    }

    public static ObjectNode run(StudyConfig c, double exploration, double trainFraction) {
        long t0 = System.nanoTime();
        SimClock clock = new SimClock(c.options().start());
        try (SimServer server = SimServer.start(clock, c.serverConfig())) {
            ShopClient shop = server.createShop("sim-ltr");
            ShopWorld world = ShopWorld.generate(c.world());
            Simulation sim = new Simulation(world, c.choice(), shop, clock, c.seed(), c.options());
            sim.loadCatalog();
            ObjectNode out = ShopClient.JSON.createObjectNode();
            out.put("study", "ltr");
            out.set("config", c.toJson());
            out.put("exploration", IpsStudy.enableExploration(shop, exploration));
            Tally tally = new Tally();
            int sessions = sim.runDays(0, c.warmupDays() + c.days(), true, tally);
            out.put("sessions", sessions);
            out.set("simulator", tally.toJson());

            List<Event> events = ShopData.events(shop);
            Map<String, Item> catalog = ShopData.catalog(shop);
            out.put("loggedEvents", events.size());
            RerankerTraining.Outcome o = RerankerTraining.run(new ShopId(shop.shopId()), Scenario.USER,
                    sink -> events.forEach(sink), catalog::get, trainFraction, LtrModel.Params.defaults(c.seed()),
                    clock.instant(), server.dataDir().resolve("rerankers").resolve(shop.shopId())
                            .resolve(RerankerArtifact.fileName(Scenario.USER)));
            out.put("impressions", o.impressions());
            ObjectNode co = out.putObject("comparison");
            o.comparison().toMap().forEach(co::put);
            ObjectNode imp = out.putObject("featureImportance");
            for (int i = 0; i < o.importance().length; i++) {
                imp.put(LtrFeatures.NAMES.get(i), Math.round(1000 * o.importance()[i]) / 1000.0);
            }
            out.put("activated", o.comparison().wins());
            out.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            return out;
        }
    }
}
