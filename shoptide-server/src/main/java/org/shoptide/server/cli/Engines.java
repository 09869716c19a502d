package org.shoptide.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.shoptide.ann.LuceneHnswIndex;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.port.EventLog;
import org.shoptide.core.port.RealtimeState;
import org.shoptide.core.port.VectorIndex;
import org.shoptide.embedded.realtime.InMemoryRealtimeState;
import org.shoptide.engine.DefaultEngine;
import org.shoptide.engine.EngineConfig;
import org.shoptide.engine.api.Scenario;
import org.shoptide.lake.LakeLayout;
import org.shoptide.lake.LakeSink;
import org.shoptide.lake.LakeSinks;
import org.shoptide.lake.spark.SparkAlsFitters;
import org.shoptide.lake.spark.SparkJava;
import org.shoptide.lake.spark.SparkTrainer;
import org.shoptide.ltr.DirectoryRerankers;
import org.shoptide.redis.RedisRealtimeStates;
import org.shoptide.server.Composition;
import org.shoptide.server.config.ConfigException;
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
                .withDurableExposure(c.recommendExposureSync()).withAutoBlend(c.trainingAutoBlend());
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

    /** The schemes of {@code training.uri}. */
    public static final List<String> TRAINING_SCHEMES = List.of("local", "spark");

    /**
     * Whether this node writes the Parquet lake: only the node that runs the scheduled trainings
     * ({@code training.scheduled=true}), when it trains on Spark or {@code lake.enabled=true}. One writer per lake: the
     * sinks' positions and part numbers assume it.
     */
    public static boolean writesLake(ServerConfig c) {
        return c.cluster().scheduledTraining()
                && ("spark".equals(c.cluster().trainingUri().scheme()) || c.lake().enabled());
    }

    /**
     * The Spark trainer of {@code training.uri=spark:<master>}, checked at start-up: a master, a built job module and a
     * Java 17/21 runtime.
     */
    static SparkTrainer sparkTrainer(ServerConfig c) {
        Path module = sparkJobModule(c);
        String classpath;
        try {
            classpath = SparkTrainer.classpathOfModule(module);
        } catch (IllegalStateException e) {
            throw new ConfigException(ConfigKey.TRAINING_SPARK_JOB_MODULE.name() + ": " + e.getMessage());
        }
        SparkTrainer.Settings s;
        try {
            s = SparkTrainer.Settings
                    .of(c.cluster().trainingUri().toString(), classpath, c.lakePath(),
                            c.dataDir().resolve("spark-runs"))
                    .withTimeout(c.lake().sparkTimeout()).withDriverHeap(c.lake().sparkDriverHeap());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKey.TRAINING_URI.name() + ": " + e.getMessage());
        }
        Path javaHome = c.lake().sparkJavaHome();
        if (javaHome == null) {
            try {
                javaHome = SparkJava.find(System.getenv()); // fail at start-up rather than at 03:00
            } catch (RuntimeException e) {
                throw new ConfigException(ConfigKey.TRAINING_URI.name() + ": " + e.getMessage() + " (or set "
                        + ConfigKey.TRAINING_SPARK_JAVA_HOME.name() + ")");
            }
        }
        return new SparkTrainer(s.withJavaHome(javaHome));
    }

    /**
     * {@code training.spark.job-module}, else {@code shoptide-spark} under the installation ({@code shoptide.home}, set
     * by bin/shoptide), the working directory or its parent; the first that is built wins.
     */
    static Path sparkJobModule(ServerConfig c) {
        if (c.lake().sparkJobModule() != null) {
            return c.lake().sparkJobModule();
        }
        List<Path> candidates = new ArrayList<>();
        String home = System.getProperty("shoptide.home");
        if (home != null && !home.isEmpty()) {
            candidates.add(Path.of(home, "shoptide-spark"));
        }
        candidates.add(Path.of("shoptide-spark"));
        candidates.add(Path.of("..", "shoptide-spark"));
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve("target/classpath.txt"))).findFirst()
                .orElse(candidates.get(0)).toAbsolutePath().normalize();
    }

    /** The lake sinks and the ALS fitters that {@code training.uri} and the {@code lake.*} keys ask for. */
    static void training(ServerConfig config, EngineConfig engineConfig, EventLog log, DefaultEngine engine,
            SparkTrainer spark) {
        LakeSinks sinks = null;
        if (writesLake(config)) {
            // no timer of their own: the server's lake.load job writes due batches (ServerJobs.lakeLoads)
            LakeSink.Options d = LakeSink.Options.defaults();
            sinks = new LakeSinks(log, new LakeLayout(config.lakePath()),
                    new LakeSink.Options(d.batchEvents(), d.maxDelay(), Duration.ZERO, d.clock()));
            engine.withEventCopy(sinks);
        }
        if (spark != null) {
            engine.withAlsFitters(new SparkAlsFitters(spark, engineConfig, sinks));
        }
    }

    public static Composition.EngineFactory production() {
        return (config, shops, items, users, rules, experiments, log, models, clock) -> {
            Composition.requireScheme(ConfigKey.TRAINING_URI, config.cluster().trainingUri(), TRAINING_SCHEMES);
            SparkTrainer spark = "spark".equals(config.cluster().trainingUri().scheme()) ? sparkTrainer(config) : null;
            EngineConfig engineConfig = engineConfig(config);
            // the server's job scheduler runs the daily trainings (ServerJobs.training); the engine trains when asked
            EngineConfig unscheduled = engineConfig.withTraining(engineConfig.trainingTime(),
                    engineConfig.trainingZone(), false);
            DefaultEngine engine = new DefaultEngine(unscheduled, shops, items, users, rules, experiments, log, models,
                    clock, new Random()).withRealtime(realtime(config))
                            .withRerankers(new DirectoryRerankers(rerankerDir(config)))
                            .withClusterSync(config.cluster().syncInterval());
            vectorIndex(config).ifPresent(b -> engine.withVectorIndex(b, config.recommendAnnMinItems()));
            try {
                training(config, engineConfig, log, engine, spark);
                engine.start();
            } catch (RuntimeException e) {
                engine.close();
                throw e;
            }
            return engine;
        };
    }
}
