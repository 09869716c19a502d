package org.shoptide.lake.spark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.shoptide.core.algo.ImplicitAls;
import org.shoptide.core.algo.ModelTrainer;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.model.FoldIn;
import org.shoptide.core.model.ModelFormat;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.ModelStore;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.ShopId;

/**
 * Trains a shop's model with its ALS factors fitted by Spark: launches the shoptide-spark job ({@code LakeAlsJob}) as a
 * child process on a Java 17/21 runtime ({@link SparkJava}) over the shop's Parquet lake, waits for it with a time-out,
 * reads its factor interchange ({@link AlsFactorFiles}) and hands the factors to
 * {@link ModelTrainer#train(TrainingData, TrainingParams, Map, Instant, ModelTrainer.AlsFitter)}, which computes
 * popularity, co-occurrence neighbours and item models in this process exactly as the in-process trainer does. The
 * result is an ordinary {@link ShopModel} in Shoptide's format.
 * <p>
 * <b>Ids.</b> Spark's rows are matched to the {@link TrainingData} by id. A user of the training data that Spark did
 * not see (events newer than the lake, or only non-positive pairs there) is folded in from the training data with the
 * exact least-squares step of serving ({@link FoldIn#solve}); an item Spark did not see gets zero factors (it is still
 * served by popularity and neighbours). Both counts are reported ({@code spark.foldedInUsers},
 * {@code spark.itemsWithoutFactors}).
 * <p>
 * <b>Settings match the in-process trainer:</b> rank, iterations, λ, α and seed come from {@link TrainingParams}. Spark
 * regularizes a row with n observations by λ·n (ALS-WR); Shoptide's default is λ·(1 + n), and Spark solves each row
 * exactly where Shoptide takes {@code cgSteps} conjugate-gradient steps.
 */
public final class SparkTrainer {
    /** The job's main class (module shoptide-spark). */
    public static final String JOB_CLASS = "org.shoptide.spark.LakeAlsJob";
    /** URI scheme of {@code training.uri}: {@code spark:<master>}, e.g. {@code spark:local[2]}. */
    public static final String SCHEME = "spark:";

    /**
     * Spark's own launcher options for Java 17+ ({@code org.apache.spark.launcher.JavaModuleOptions}); the same list is
     * in shoptide-peers/pom.xml and bin/peer-spark-als.
     */
    static final List<String> SPARK_JVM_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            // lets Spark's BLAS use the JDK Vector API (VectorBLAS) where no native BLAS is installed
            "--add-modules=jdk.incubator.vector", "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");
    private static final int LOG_TAIL_LINES = 30;

    /**
     * Settings.
     *
     * @param master
     *            Spark master URL ({@code local[2]}, {@code spark://host:7077}, ...)
     * @param javaHome
     *            the Java 17/21 home of the job, or null to find one ({@link SparkJava#find})
     * @param jobClasspath
     *            the job's classpath ({@link #classpathOfModule} for a built shoptide-spark module)
     * @param lake
     *            the lake root the sink writes
     * @param workDir
     *            where each run gets a directory (the job's output and log); a run's directory is deleted when it
     *            succeeds and kept for diagnosis when it fails
     * @param timeout
     *            longest a job may run before it is killed
     * @param driverHeap
     *            the job JVM's {@code -Xmx} value (in local mode the driver is also the only executor)
     * @param blocks
     *            Spark ALS user and item blocks, also the job's shuffle partitions
     */
    public record Settings(String master, Path javaHome, String jobClasspath, Path lake, Path workDir, Duration timeout,
            String driverHeap, int blocks) {
        public Settings {
            if (master == null || master.isBlank()) {
                throw new IllegalArgumentException(
                        "Spark master must not be empty (training.uri=spark:<master>," + " e.g. spark:local[2])");
            }
            if (jobClasspath == null || jobClasspath.isBlank()) {
                throw new IllegalArgumentException("the Spark job's classpath is empty: build shoptide-spark with"
                        + " 'mvn -Pspark -pl shoptide-spark -am install -DskipTests' and point the trainer at it");
            }
            Objects.requireNonNull(lake, "lake");
            Objects.requireNonNull(workDir, "workDir");
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            if (driverHeap == null || !driverHeap.matches("\\d+[kKmMgG]?")) {
                throw new IllegalArgumentException("driverHeap must look like 4g or 512m: " + driverHeap);
            }
            if (blocks < 1) {
                throw new IllegalArgumentException("blocks must be >= 1: " + blocks);
            }
        }

        /**
         * Settings for {@code training.uri}: {@code spark:} followed by the master ({@code spark:local[2]}), 2 hours, a
         * 4 GiB driver and 10 blocks (Spark's default).
         */
        public static Settings of(String trainingUri, String jobClasspath, Path lake, Path workDir) {
            if (trainingUri == null || !trainingUri.startsWith(SCHEME)) {
                throw new IllegalArgumentException("training.uri for Spark must be spark:<master>, e.g."
                        + " spark:local[2]; got '" + trainingUri + "'");
            }
            return new Settings(trainingUri.substring(SCHEME.length()), null, jobClasspath, lake, workDir,
                    Duration.ofHours(2), "4g", 10);
        }

        public Settings withJavaHome(Path home) {
            return new Settings(master, home, jobClasspath, lake, workDir, timeout, driverHeap, blocks);
        }

        public Settings withTimeout(Duration t) {
            return new Settings(master, javaHome, jobClasspath, lake, workDir, t, driverHeap, blocks);
        }

        public Settings withDriverHeap(String heap) {
            return new Settings(master, javaHome, jobClasspath, lake, workDir, timeout, heap, blocks);
        }

        public Settings withBlocks(int b) {
            return new Settings(master, javaHome, jobClasspath, lake, workDir, timeout, driverHeap, b);
        }
    }

    /** The Spark job failed, timed out or wrote something unreadable; the message says which and why. */
    public static final class SparkTrainingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public SparkTrainingException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A trained model and what the run reported (goes into the published metadata). */
    public record Trained(ShopModel model, Map<String, String> report) {
    }

    private final Settings settings;
    private final Map<String, String> env;

    public SparkTrainer(Settings settings) {
        this(settings, System.getenv());
    }

    /** With the environment {@link SparkJava#find} looks in (tests pass their own). */
    public SparkTrainer(Settings settings, Map<String, String> env) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.env = Map.copyOf(env);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * The classpath of a built shoptide-spark module directory: {@code target/classes} and the dependencies listed in
     * {@code target/classpath.txt} (written by its build).
     */
    public static String classpathOfModule(Path moduleDir) {
        Path classes = moduleDir.resolve("target/classes");
        Path list = moduleDir.resolve("target/classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(list)) {
            throw new IllegalStateException("shoptide-spark is not built at " + moduleDir + " (no target/classes or"
                    + " target/classpath.txt): run 'mvn -Pspark -pl shoptide-spark -am install -DskipTests'");
        }
        try {
            return classes.toAbsolutePath() + File.pathSeparator
                    + Files.readString(list, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + list, e);
        }
    }

    /**
     * Trains {@code shop}'s model: ALS from Spark over the lake's events in [{@code from}, {@code until}) (null: open),
     * the rest from {@code data} in this process.
     *
     * @param weights
     *            the engine's event weights for the shop ({@link EventWeightTable#of})
     * @param aliases
     *            anonymous id → user id of merged visitors (may be empty)
     */
    public Trained train(ShopId shop, TrainingData data, TrainingParams params,
            Map<String, Map<String, String>> itemModels, Instant now, EventWeightTable weights,
            Map<String, String> aliases, Instant from, Instant until) {
        Map<String, String> report = new LinkedHashMap<>();
        report.put("trainer", "spark");
        report.put("spark.master", settings.master());
        ShopModel model = ModelTrainer.train(data, params, itemModels, now,
                fitter(shop, weights, aliases, from, until, report));
        return new Trained(model, report);
    }

    /**
     * Publishes a trained model through {@code store} with metadata {@code trainer=spark}, the run's report and
     * {@code extra} (e.g. the engine's evaluation figures).
     */
    public static ModelInfo publish(ModelStore store, ShopId shop, Trained trained, Map<String, String> extra) {
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.putAll(trained.report());
        return store.publish(shop, meta, out -> ModelFormat.write(trained.model(), out));
    }

    /**
     * The fitter that runs the Spark job for {@code shop} and maps its factors onto the training data; what the run did
     * is added to {@code report}. Usable with
     * {@link ModelTrainer#train(TrainingData, TrainingParams, Map, Instant, ModelTrainer.AlsFitter)} directly.
     */
    public ModelTrainer.AlsFitter fitter(ShopId shop, EventWeightTable weights, Map<String, String> aliases,
            Instant from, Instant until, Map<String, String> report) {
        Objects.requireNonNull(shop, "shop");
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(aliases, "aliases");
        Objects.requireNonNull(report, "report");
        return (data, params, pool) -> {
            long t0 = System.nanoTime();
            AlsFactorFiles.Factors f = runJob(shop, params, weights, aliases, from, until, report);
            long jobMillis = (System.nanoTime() - t0) / 1_000_000;
            ImplicitAls.Result r = mapOnto(f, data, params, report);
            report.put("spark.jobMillis", Long.toString(jobMillis));
            return r;
        };
    }

    private AlsFactorFiles.Factors runJob(ShopId shop, TrainingParams params, EventWeightTable weights,
            Map<String, String> aliases, Instant from, Instant until, Map<String, String> report) {
        Path java = (settings.javaHome() != null ? settings.javaHome() : SparkJava.find(env)).resolve("bin/java");
        Path run;
        try {
            Files.createDirectories(settings.workDir());
            run = Files.createTempDirectory(settings.workDir(), "spark-" + shop.value() + "-");
        } catch (IOException e) {
            throw new SparkTrainingException("cannot create a run directory under " + settings.workDir(), e);
        }
        Path out = run.resolve("out");
        Path log = run.resolve("job.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.add("-Xmx" + settings.driverHeap());
        cmd.addAll(SPARK_JVM_OPTIONS);
        cmd.add("-cp");
        cmd.add(settings.jobClasspath());
        cmd.add(JOB_CLASS);
        add(cmd, "--lake", settings.lake().toAbsolutePath().toString());
        add(cmd, "--shop", shop.value());
        add(cmd, "--out", out.toString());
        add(cmd, "--master", settings.master());
        add(cmd, "--rank", Integer.toString(params.rank()));
        add(cmd, "--iterations", Integer.toString(Math.max(1, params.iterations())));
        add(cmd, "--lambda", Float.toString(params.lambda()));
        add(cmd, "--alpha", Float.toString(params.alpha()));
        add(cmd, "--seed", Long.toString(params.seed()));
        add(cmd, "--blocks", Integer.toString(settings.blocks()));
        if (from != null) {
            add(cmd, "--from", from.toString());
        }
        if (until != null) {
            add(cmd, "--until", until.toString());
        }
        cmd.addAll(weights.jobArguments());
        try {
            if (!aliases.isEmpty()) {
                Path file = run.resolve("aliases.tsv");
                StringBuilder sb = new StringBuilder();
                new TreeMap<>(aliases).forEach((a, u) -> {
                    if (a.indexOf('\t') >= 0 || a.indexOf('\n') >= 0 || u.indexOf('\t') >= 0 || u.indexOf('\n') >= 0) {
                        throw new IllegalArgumentException("alias ids must not contain tabs or newlines: " + a);
                    }
                    sb.append(a).append('\t').append(u).append('\n');
                });
                Files.writeString(file, sb, StandardCharsets.UTF_8);
                add(cmd, "--aliases", file.toString());
            }
        } catch (IOException e) {
            throw new SparkTrainingException("cannot write the alias file under " + run, e);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> penv = pb.environment();
        if (settings.master().startsWith("local")) {
            penv.putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
        }
        penv.putIfAbsent("SPARK_USER", Objects.requireNonNullElse(System.getProperty("user.name"), "shoptide"));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new SparkTrainingException("cannot start the Spark job with " + java, e);
        }
        int exit;
        try {
            if (!p.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new SparkTrainingException("the Spark job of shop " + shop + " did not finish within "
                        + settings.timeout() + " and was killed; its log is " + log + tail(log), null);
            }
            exit = p.exitValue();
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new SparkTrainingException("interrupted while the Spark job of shop " + shop + " ran; killed it", e);
        }
        if (exit != 0) {
            throw new SparkTrainingException("the Spark job of shop " + shop + " failed with exit status " + exit + " ("
                    + reason(exit) + "); its log is " + log + tail(log), null);
        }
        AlsFactorFiles.Factors f;
        try {
            f = AlsFactorFiles.read(out);
        } catch (IOException e) {
            throw new SparkTrainingException("the Spark job of shop " + shop + " wrote unreadable factors: "
                    + e.getMessage() + "; its files are in " + run, e);
        }
        report.put("spark.sparkVersion", f.manifest().path("sparkVersion").asText());
        report.put("spark.pairs", f.manifest().path("pairs").asText());
        report.put("spark.blas", f.manifest().path("blas").asText());
        f.manifest().path("millis").properties()
                .forEach(e -> report.put("spark.ms." + e.getKey(), e.getValue().asText()));
        deleteTree(run);
        return f;
    }

    private static String reason(int exit) {
        return switch (exit) {
            case 2 -> "bad arguments";
            case 3 -> "nothing to train on";
            default -> "job error";
        };
    }

    /** Matches Spark's rows to {@code data}'s indexes; folds in users Spark did not see. */
    static ImplicitAls.Result mapOnto(AlsFactorFiles.Factors f, TrainingData data, TrainingParams params,
            Map<String, String> report) {
        int r = f.rank();
        float[] y = new float[data.itemCount() * r];
        int itemsMissing = copyRows(f.items(), r, data.itemCount(), data::itemIndex, y);
        float[] g = gramian(y, data.itemCount(), r);
        float[] x = new float[data.userCount() * r];
        boolean[] seen = new boolean[data.userCount()];
        String[] ids = f.users().ids();
        for (int k = 0; k < ids.length; k++) {
            int u = data.userIndex(ids[k]);
            if (u >= 0) {
                System.arraycopy(f.users().factors(), k * r, x, u * r, r);
                seen[u] = true;
            }
        }
        TrainingData.Csr byUser = data.byUser();
        int folded = 0;
        for (int u = 0; u < seen.length; u++) {
            if (seen[u]) {
                continue;
            }
            int a = byUser.offsets()[u];
            int b = byUser.offsets()[u + 1];
            float[] v = FoldIn.solve(y, g, r, Arrays.copyOfRange(byUser.indexes(), a, b),
                    Arrays.copyOfRange(byUser.weights(), a, b), params.lambda(), params.alpha(), params.regOffset(),
                    params.regExponent());
            System.arraycopy(v, 0, x, u * r, r);
            folded++;
        }
        report.put("spark.users", Integer.toString(ids.length));
        report.put("spark.items", Integer.toString(f.items().ids().length));
        report.put("spark.foldedInUsers", Integer.toString(folded));
        report.put("spark.itemsWithoutFactors", Integer.toString(itemsMissing));
        return new ImplicitAls.Result(r, x, y, g, new long[0]);
    }

    private interface IndexOf {
        int index(String id);
    }

    private static int copyRows(AlsFactorFiles.Side side, int r, int rows, IndexOf index, float[] into) {
        boolean[] seen = new boolean[rows];
        String[] ids = side.ids();
        for (int k = 0; k < ids.length; k++) {
            int i = index.index(ids[k]);
            if (i >= 0) {
                System.arraycopy(side.factors(), k * r, into, i * r, r);
                seen[i] = true;
            }
        }
        int missing = 0;
        for (boolean s : seen) {
            if (!s) {
                missing++;
            }
        }
        return missing;
    }

    /** YᵀY of row-major {@code y} (n × r), accumulated in double. */
    static float[] gramian(float[] y, int n, int r) {
        double[] acc = new double[r * r];
        for (int i = 0; i < n; i++) {
            int o = i * r;
            for (int a = 0; a < r; a++) {
                double ya = y[o + a];
                if (ya == 0) {
                    continue;
                }
                for (int b = 0; b < r; b++) {
                    acc[a * r + b] += ya * y[o + b];
                }
            }
        }
        float[] g = new float[r * r];
        for (int k = 0; k < g.length; k++) {
            g[k] = (float) acc[k];
        }
        return g;
    }

    private static void add(List<String> cmd, String option, String value) {
        cmd.add(option);
        cmd.add(value);
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the log, the job's own {@code shoptide-spark:} reason first when there is one. */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder();
            lines.stream().filter(l -> l.startsWith("shoptide-spark:")).findFirst()
                    .ifPresent(l -> sb.append("\n").append(l));
            sb.append("\n--- last lines of the log ---");
            lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
                    .forEach(l -> sb.append('\n').append(l));
            return sb.toString();
        } catch (IOException | RuntimeException e) {
            return " (log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a leftover run directory only costs disk
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
