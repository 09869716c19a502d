package org.shoptide.engine;

import org.shoptide.core.event.BuiltInCustomTypes;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.Shop;

/** The implicit-feedback weight of an event, shared by realtime state and training (see {@link EngineConfig}). */
final class EventWeights {
    private EventWeights() {
    }

    static double weight(EngineConfig config, Shop shop, Event e) {
        return switch (e.type()) {
            case RATE -> e.value() == null ? 0 : config.rateWeight(e.value());
            case CUSTOM -> e.customType() == null ? 0
                    : shop.customEventWeights().getOrDefault(e.customType(),
                            BuiltInCustomTypes.defaultWeight(e.customType()).orElse(0.0));
            default -> config.weight(e.type());
        };
    }
}
