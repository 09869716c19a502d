package org.shoptide.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;
import org.shoptide.ltr.ImpressionLog;
import org.shoptide.ltr.LtrComparison;
import org.shoptide.ltr.LtrFeatures;
import org.shoptide.ltr.LtrModel;
import org.shoptide.ltr.LtrTrainer;
import org.shoptide.ltr.RerankerArtifact;

/**
 * The offline learning-to-rank comparison: a simulated shop is served by the blend (with exploration when the server
 * offers it) for warm-up plus study days; its event log is then read back through the export API, turned into
 * impression groups ({@link ImpressionLog}), a LambdaMART model is trained on the earlier part and compared with the
 * blend's order on the later part ({@link LtrComparison}). The artifact is stored where the server's re-ranker provider
 * looks for it ({@code <data.dir>/rerankers/<shop>/user.reranker}), so the server serves it exactly when it won.
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
            ImpressionLog log = new ImpressionLog(new ShopId(shop.shopId()), catalog::get, Scenario.USER);
            events.forEach(log::accept);
            List<ImpressionLog.Group> groups = log.groups();
            out.put("loggedEvents", events.size()).put("impressions", groups.size());
            Instant cut = LtrTrainer.cutAt(groups, trainFraction);
            LtrTrainer.Result r = LtrTrainer.trainAndCompare(groups, cut, LtrModel.Params.defaults(c.seed()));
            try (LtrModel model = r.model()) {
                LtrComparison cmp = r.comparison();
                ObjectNode co = out.putObject("comparison");
                cmp.toMap().forEach(co::put);
                ObjectNode imp = out.putObject("featureImportance");
                double[] gain = model.importance();
                double total = 0;
                for (double g : gain) {
                    total += g;
                }
                for (int i = 0; i < gain.length; i++) {
                    imp.put(LtrFeatures.NAMES.get(i), total > 0 ? Math.round(1000 * gain[i] / total) / 1000.0 : 0);
                }
                RerankerArtifact artifact = new RerankerArtifact(Scenario.USER, clock.instant(), LtrFeatures.NAMES, cmp,
                        model.text());
                artifact.writeTo(server.dataDir().resolve("rerankers").resolve(shop.shopId())
                        .resolve(RerankerArtifact.fileName(Scenario.USER)));
                out.put("activated", cmp.wins());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.put("wallSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
            return out;
        }
    }
}
