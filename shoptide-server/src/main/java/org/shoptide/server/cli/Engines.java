package org.shoptide.server.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.shoptide.ann.LuceneHnswIndex;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.VectorIndex;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.EngineConfig;
import org.shoptide.engine.api.Scenario;
import org.shoptide.ltr.DirectoryRerankers;
import org.shoptide.redis.RedisRealtimeStates;
import org.shoptide.server.Composition;
import org.shoptide.server.config.ConfigKey;
import org.shoptide.server.config.ServerConfig;

/** The production engine: {@link DefaultEngine} configured from the server configuration, started. */
public final class Engines {
    private Engines() {
    }

    /** Maps the {@code training.*} keys onto {@link EngineConfig#defaults()}. */
    public static EngineConfig engineConfig(ServerConfig c) {
        EngineConfig d = EngineConfig.defaults();
        TrainingParams p = d.trainingParams().withRank(c.trainingRank()).withIterations(c.trainingIterations());
        Map<String, Map<String, String>> models = new LinkedHashMap<>();
        Map<String, Double> userBlend = new HashMap<>(d.blendWeights().get(Scenario.USER));
        for (String name : c.trainingItemModels()) {
            models.put(name, Map.of());
            userBlend.putIfAbsent(name, 1.0);
        }
        return d.withTraining(c.trainingDailyTime(), c.trainingZone(), c.cluster().scheduledTraining())
                .withTrainingParams(p).withItemModels(models).withBlendWeights(Scenario.USER, userBlend)
                .withDurableExposure(c.recommendExposureSync());
    }

    /** Where learning-to-rank re-rankers are stored and served from: {@code <data.dir>/rerankers} (ADR 0010). */
    public static Path rerankerDir(ServerConfig c) {
        return c.dataDir().resolve("rerankers");
    }

    /**
     * The realtime state adapter named by {@code realtime.uri}: {@code memory:} in this process, or
     * {@code redis://host:port[/db]?prefix=..} shared by every node (closed with the engine).
     */
    static RealtimeState.Factory realtime(ServerConfig config) {
        Composition.requireScheme(ConfigKey.REALTIME_URI, config.realtimeUri(), List.of("memory", "redis"));
        if ("redis".equals(config.realtimeUri().scheme())) {
            return RedisRealtimeStates.open("redis://" + config.realtimeUri().path());
        }
        return InMemoryRealtimeState.FACTORY;
    }

    /** The approximate vector index named by {@code vectorindex.uri}; empty for {@code exact:} (exact scoring). */
    static Optional<VectorIndex.Builder> vectorIndex(ServerConfig config) {
        Composition.requireScheme(ConfigKey.VECTORINDEX_URI, config.vectorIndexUri(), List.of("hnsw", "exact"));
        return switch (config.vectorIndexUri().scheme()) {
            case "hnsw" -> Optional.of(LuceneHnswIndex.builder(LuceneHnswIndex.Params.defaults()));
            default -> Optional.empty();
        };
    }

    public static Composition.EngineFactory production() {
        return (config, shops, items, users, rules, experiments, log, models, clock) -> {
            DefaultEngine engine = new DefaultEngine(engineConfig(config), shops, items, users, rules, experiments, log,
                    models, clock, new Random()).withRealtime(realtime(config))
                            .withRerankers(new DirectoryRerankers(rerankerDir(config)))
                            .withClusterSync(config.cluster().syncInterval());
            vectorIndex(config).ifPresent(b -> engine.withVectorIndex(b, config.recommendAnnMinItems()));
            try {
                engine.start();
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            return engine;
        };
    }
}
