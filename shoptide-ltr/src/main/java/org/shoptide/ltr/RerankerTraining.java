package org.shoptide.ltr;

import org.shoptide.core.port.RealtimeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Scenario;

/**
 * The whole offline job for one shop and scenario: replay the event log into impression groups, train on the earlier
 * part, compare on the later part, and store the artifact (with its comparison) where {@link DirectoryRerankers} serves
 * it from. Used by {@code shoptide rerank} (on a stopped server's data directory) and by the simulator.
 */
public final class RerankerTraining {
    private RerankerTraining() {
    }

    /**
     * What a training run produced.
     *
     * @param impressions
     *            logged impressions of the scenario
     * @param importance
     *            share of the total split gain per feature, in {@link LtrFeatures#NAMES} order
     */
    public record Outcome(LtrComparison comparison, int impressions, double[] importance, RerankerArtifact artifact) {
    }

    /**
     * Trains a re-ranker on the earlier part of the scenario's impressions, compares it on the later part and writes
     * the artifact.
     *
     * @param replay
     *            feeds the shop's events in log order to the consumer it is given
     * @param artifactFile
     *            where to write the artifact (written whether or not it won: the provider serves only winners)
     */
    public static Outcome run(RealtimeState.Factory realtime, ShopId shop, Scenario scenario,
            Consumer<Consumer<Event>> replay, Function<String, Item> catalog, double trainFraction,
            LtrModel.Params params, Instant now, Path artifactFile) {
        ImpressionLog log = new ImpressionLog(realtime, shop, catalog, scenario);
        replay.accept(log::accept);
        List<ImpressionLog.Group> groups = log.groups();
        if (groups.isEmpty()) {
            throw new IllegalArgumentException(
                    "shop " + shop.value() + " has no logged " + scenario.wireName() + " impressions to learn from");
        }
        LtrTrainer.Result r = LtrTrainer.trainAndCompare(groups, LtrTrainer.cutAt(groups, trainFraction), params);
        try (LtrModel model = r.model()) {
            double[] gain = model.importance();
            double total = 0;
            for (double g : gain) {
                total += g;
            }
            double[] share = new double[gain.length];
            for (int i = 0; i < gain.length; i++) {
                share[i] = total > 0 ? gain[i] / total : 0;
            }
            RerankerArtifact artifact = new RerankerArtifact(scenario, now, LtrFeatures.NAMES, r.comparison(),
                    model.text());
            artifact.writeTo(artifactFile);
            return new Outcome(r.comparison(), groups.size(), share, artifact);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + artifactFile, e);
        }
    }
}
