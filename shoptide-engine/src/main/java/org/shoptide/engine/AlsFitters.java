package org.shoptide.engine;

import java.time.Instant;
import java.util.Map;
import org.shoptide.core.algo.ModelTrainer;
import org.shoptide.core.shop.Shop;

/**
 * Where a shop's ALS factors come from when the engine trains (daily, {@code POST /v1/train}, after an erasure):
 * {@link #IN_PROCESS} by default, or a distributed trainer the composition root picks by {@code training.uri} (Spark).
 * Popularity, co-occurrence neighbours and item models are always computed in the engine's process; only the ALS fit is
 * delegated ({@link ModelTrainer.AlsFitter}).
 */
@FunctionalInterface
public interface AlsFitters {
    /** The engine's own ALS ({@link ModelTrainer#IN_PROCESS_ALS}); reports nothing. */
    AlsFitters IN_PROCESS = (shop, aliases, from, report) -> ModelTrainer.IN_PROCESS_ALS;

    /**
     * The fitter of one training run of {@code shop}.
     *
     * @param aliases
     *            anonymous id → user id of the merged visitors the replay resolved, so the fitter attributes their
     *            events exactly as the replay does (filled while the log is replayed, complete when the fitter runs)
     * @param from
     *            the oldest event time the replay kept ({@code now - maxEventAge})
     * @param report
     *            receives what the run did ({@code trainer=…} and the fitter's figures); it is added to the published
     *            model's metadata after the fit
     */
    ModelTrainer.AlsFitter forShop(Shop shop, Map<String, String> aliases, Instant from, Map<String, String> report);
}
