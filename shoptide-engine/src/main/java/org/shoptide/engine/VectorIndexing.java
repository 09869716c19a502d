package org.shoptide.engine;

import java.lang.System.Logger.Level;
import java.util.Objects;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.VectorIndex;

/**
 * Builds the approximate item index of a served model in the background when configured and the model is large enough
 * (ADR 0014); until it is ready, and for smaller models, ALS scoring stays exact.
 */
final class VectorIndexing {
    private static final System.Logger LOG = System.getLogger(VectorIndexing.class.getName());

    private volatile VectorIndex.Builder builder;
    private volatile int minItems = Integer.MAX_VALUE;

    void configure(VectorIndex.Builder builder, int minItems) {
        if (minItems < 1) {
            throw new IllegalArgumentException("minItems must be >= 1: " + minItems);
        }
        this.builder = Objects.requireNonNull(builder, "builder");
        this.minItems = minItems;
    }

    /** Indexes {@code model} of the shop in the background when configured and large enough. */
    void indexInBackground(ShopRuntime rt, ShopModel model) {
        VectorIndex.Builder b = builder;
        if (b == null || !model.hasFactors() || model.itemCount() < minItems) {
            return;
        }
        Thread.ofPlatform().daemon().name("shoptide-vector-index-" + rt.id).start(() -> {
            long t0 = System.nanoTime();
            try {
                rt.served.indexBuilt(model, b.build(model.itemFactors(), model.rank()));
                LOG.log(Level.INFO, "shop {0}: approximate index over {1} items of model v{2} built in {3} ms", rt.id,
                        model.itemCount(), model.version(), (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.log(Level.ERROR, "shop " + rt.id + ": building the approximate index failed; scoring stays exact",
                        e);
            }
        });
    }
}
