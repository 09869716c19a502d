package org.shoptide.engine.api;

import java.time.Duration;
import java.util.Map;
import org.shoptide.core.port.ModelStore.ModelInfo;

/** Result of one training run. */
public record TrainingReport(ModelInfo model, long eventsRead, int users, int items, Duration took,
        Map<String, String> stats) {
}
