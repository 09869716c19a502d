package org.shoptide.server.onnx;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.ModelStore;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.EngineConfig;
import org.shoptide.engine.rerank.RerankerProvider;
import org.shoptide.onnx.OnnxInference;
import org.shoptide.onnx.OnnxModelStore;
import org.shoptide.onnx.OnnxModels;
import org.shoptide.onnx.OnnxRerankers;
import org.shoptide.server.config.OnnxSettings;

/**
 * Shops' own ONNX models in the server (ADR 0034): the versioned store under {@code onnx.dir}, the upload service and
 * the re-ranker provider installed on the engine in front of {@code next} (the learning-to-rank re-rankers), which
 * answers wherever no ONNX model serves.
 */
public final class ServerOnnx implements AutoCloseable {
    private final OnnxModels models;
    private final OnnxRerankers rerankers;

    private ServerOnnx(OnnxModels models, OnnxRerankers rerankers) {
        this.models = models;
        this.rerankers = rerankers;
    }

    /** Opens the store and installs the provider on {@code engine}; the engine closes it with its re-rankers. */
    public static ServerOnnx install(OnnxSettings settings, Path dir, DefaultEngine engine, EngineConfig engineConfig,
            ModelStore models, EventLog log, RerankerProvider next, MeterRegistry registry, Clock clock) {
        OnnxModelStore store = new OnnxModelStore(dir);
        OnnxModels uploads = new OnnxModels(store, models, log, clock, new OnnxModels.Settings(settings.maxBytes(),
                settings.validationTimeout(), engineConfig.holdoutUsers(), engineConfig.trainingParams().seed()));
        OnnxRerankers rerankers = new OnnxRerankers(store,
                new OnnxInference(settings.timeout(), settings.concurrency(), registry),
                Set.copyOf(settings.scenarios()), next);
        engine.withRerankers(rerankers);
        return new ServerOnnx(uploads, rerankers);
    }

    public OnnxModels models() {
        return models;
    }

    public OnnxRerankers rerankers() {
        return rerankers;
    }

    @Override
    public void close() {
        rerankers.close();
    }
}
