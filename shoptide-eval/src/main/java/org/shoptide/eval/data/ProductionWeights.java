package org.shoptide.eval.data;

import java.util.Objects;
import org.shoptide.core.event.EventType;
import org.shoptide.engine.EngineConfig;

/**
 * The implicit weight the server gives an event, so that the models trained by the harness see the same confidences as
 * the ones the server trains: the configured weight of the event type (purchase 8, add_to_cart 4, ... see
 * {@link EngineConfig}); a rating weighs {@link EngineConfig#rateWeight}; a purchase or refund line weighs the type's
 * weight times its quantity capped at 3 (the rule of the engine's training replay, {@code ShopTraining}).
 */
public final class ProductionWeights {
    /** Quantity cap of a purchase or refund line, as in the engine's training replay. */
    public static final int MAX_LINE_QUANTITY = 3;

    private final EngineConfig config;

    public ProductionWeights(EngineConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Weights of {@link EngineConfig#defaults()}. */
    public static ProductionWeights defaults() {
        return new ProductionWeights(EngineConfig.defaults());
    }

    public EngineConfig config() {
        return config;
    }

    /**
     * The weight of one event row.
     *
     * @param ratingValue
     *            the rating for {@link EventType#RATE}, ignored otherwise
     * @param quantity
     *            the line quantity for purchases and refunds, ignored otherwise
     */
    public float weight(EventType type, double ratingValue, int quantity) {
        return switch (type) {
            case RATE -> (float) config.rateWeight(ratingValue);
            case PURCHASE, REFUND -> (float) (config.weight(type) * Math.min(MAX_LINE_QUANTITY, quantity));
            default -> (float) config.weight(type);
        };
    }
}
