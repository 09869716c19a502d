package org.shoptide.server.cli;

import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.port.Page;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;
import org.shoptide.ltr.LtrComparison;
import org.shoptide.ltr.LtrFeatures;
import org.shoptide.ltr.LtrModel;
import org.shoptide.ltr.RerankerArtifact;
import org.shoptide.ltr.RerankerTraining;
import org.shoptide.server.Composition;
import org.shoptide.server.Logging;
import org.shoptide.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shoptide rerank}: trains a scenario's learning-to-rank re-ranker from the shop's logged impressions, compares
 * it with the blend on the later held-out part, and stores both in {@code <data.dir>/rerankers/}; the server serves it
 * only if it won (ADR 0008).
 */
@Command(name = "rerank", mixinStandardHelpOptions = true, description = {
        "Trains a learning-to-rank re-ranker on a shop's logged impressions and compares it with the blend on the later "
                + "held-out part (server stopped).",
        "The artifact is stored with its comparison; the server serves it only where it beat the blend." })
final class RerankCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    ShoptideCli root;

    @Option(names = "--shop", required = true)
    String shop;

    @Option(names = "--scenario", defaultValue = "user", description = "user, item, cart or trending (default ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--train-fraction", defaultValue = "0.7", description = "share of impressions, earliest first, to train on (default ${DEFAULT-VALUE})")
    double trainFraction;

    @Option(names = "--seed", defaultValue = "1", description = "seed of LightGBM and of the bootstrap (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        ServerConfig c = root.config();
        Logging.configure(c.logFormat(), "WARN");
        ShopId id = ShoptideCli.shopId(shop);
        Scenario sc;
        try {
            sc = Scenario.valueOf(scenario.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--scenario must be user, item, cart or trending, got '" + scenario + "'");
        }
        try (Composition comp = root.openComposition(c)) {
            Map<String, Item> catalog = new HashMap<>();
            String cursor = null;
            do {
                Page<Item> page = comp.engine().items(id, cursor, 1000);
                page.items().forEach(i -> catalog.put(i.id(), i));
                cursor = page.nextCursor();
            } while (cursor != null);
            RerankerTraining.Outcome o = RerankerTraining.run(InMemoryRealtimeState.FACTORY, id, sc,
                    sink -> comp.eventLog().replay(id, 0, le -> sink.accept(le.event())), catalog::get, trainFraction,
                    LtrModel.Params.defaults(seed), root.clock().instant(),
                    Engines.rerankerDir(c).resolve(id.value()).resolve(RerankerArtifact.fileName(sc)));
            LtrComparison r = o.comparison();
            root.out().printf(Locale.ROOT, "%s/%s: %,d impressions; trained on %,d, tested on %,d (after %s)%n", shop,
                    sc.wireName(), o.impressions(), r.trainGroups(), r.testGroups(), r.cut());
            root.out().printf(Locale.ROOT,
                    "  NDCG@10          blend %.4f  re-ranker %.4f  difference %+.4f [%+.4f, %+.4f]%n", r.ndcgBlend(),
                    r.ndcgReranker(), r.ndcgDiff()[0], r.ndcgDiff()[1], r.ndcgDiff()[2]);
            root.out().printf(Locale.ROOT,
                    "  revenue NDCG@10  blend %.4f  re-ranker %.4f  difference %+.4f [%+.4f, %+.4f]%n",
                    r.revenueNdcgBlend(), r.revenueNdcgReranker(), r.revenueNdcgDiff()[0], r.revenueNdcgDiff()[1],
                    r.revenueNdcgDiff()[2]);
            root.out().printf(Locale.ROOT, "  position bias from %,d explored impressions%n", r.exploredImpressions());
            int best = 0;
            for (int i = 1; i < o.importance().length; i++) {
                best = o.importance()[i] > o.importance()[best] ? i : best;
            }
            root.out().printf(Locale.ROOT, "  strongest feature: %s (%.0f %% of the gain)%n",
                    LtrFeatures.NAMES.get(best), 100 * o.importance()[best]);
            root.out().println(r.wins() ? "  it beat the blend: the server serves it for this scenario"
                    : "  it did not beat the blend: stored, not served");
            return 0;
        }
    }
}
