package org.shoptide.lake.spark;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.shoptide.core.algo.ModelTrainer;
import org.shoptide.core.shop.Shop;
import org.shoptide.engine.AlsFitters;
import org.shoptide.engine.EngineConfig;
import org.shoptide.lake.LakeSinks;

/**
 * The engine's ALS fits on Spark ({@code training.uri=spark:<master>}): each training first brings the shop's lake up
 * to the log ({@link LakeSinks#catchUp}, when this process writes the lake), then runs the job through
 * {@link SparkTrainer#fitter} with the shop's event weights and the replay's aliases, over the events since the
 * replay's oldest kept time. The published metadata gets {@code trainer=spark}, {@code spark.master} and the run's
 * figures. A shop without training data is fitted in process (there is nothing for Spark to read) and says so:
 * {@code trainer=local}, {@code spark.skipped}.
 */
public final class SparkAlsFitters implements AlsFitters {
    private final SparkTrainer trainer;
    private final EngineConfig config;
    private final LakeSinks sinks;

    /**
     * @param sinks
     *            the lake sinks of this process, or null when another node writes the lake
     */
    public SparkAlsFitters(SparkTrainer trainer, EngineConfig config, LakeSinks sinks) {
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.config = Objects.requireNonNull(config, "config");
        this.sinks = sinks;
    }

    @Override
    public ModelTrainer.AlsFitter forShop(Shop shop, Map<String, String> aliases, Instant from,
            Map<String, String> report) {
        EventWeightTable weights = EventWeightTable.of(config, shop);
        return (data, params, pool) -> {
            if (data.userCount() == 0 || data.itemCount() == 0) {
                report.put("trainer", "local");
                report.put("spark.skipped", "no training data");
                return ModelTrainer.IN_PROCESS_ALS.fit(data, params, pool);
            }
            report.put("trainer", "spark");
            report.put("spark.master", trainer.settings().master());
            if (sinks != null) {
                sinks.catchUp(shop.id());
            }
            return trainer.fitter(shop.id(), weights, aliases, from, null, report).fit(data, params, pool);
        };
    }
}
