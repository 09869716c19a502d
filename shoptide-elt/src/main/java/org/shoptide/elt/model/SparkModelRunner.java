package org.shoptide.elt.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.shoptide.core.shop.ShopId;
import org.shoptide.elt.Duck;
import org.shoptide.elt.EltException;
import org.shoptide.elt.EltLayout;

/**
 * Runs a shop's SQL models on Spark SQL: the job {@code org.shoptide.spark.SqlModelsJob} (module shoptide-spark,
 * profile {@code spark}) in its own JDK 17/21 JVM reads the same Parquet files as {@link DuckModelRunner}, runs the
 * same SQL (Spark's spelling, no shim needed) and the same data tests; this class writes the job's inputs, runs it, and
 * publishes its outputs with the same rule (all models passed, then rename each into {@code marts/}).
 */
public final class SparkModelRunner {
    /** JVM options Spark 4 needs on JDK 17+ (as the training job's launcher, SparkTrainer, passes them). */
    private static final List<String> JVM = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private final EltLayout layout;
    private final Path javaHome;
    private final String jobClasspath;
    private final String master;
    private final Duration timeout;

    public SparkModelRunner(EltLayout layout, Path javaHome, String jobClasspath, String master, Duration timeout) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
        this.jobClasspath = Objects.requireNonNull(jobClasspath, "jobClasspath");
        this.master = Objects.requireNonNull(master, "master");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public RunReport run(ShopId shop, List<SqlModel> models, LocalDate asOf, String runId) {
        EltLayout.checkLoadId(runId);
        Path staging = layout.staging(shop, runId);
        Path in = staging.resolve("models");
        Path out = staging.resolve("out");
        try {
            List<SqlModel> ordered = ModelGraph.order(models, new DuckModelRunner(layout, 1).inputs(shop));
            Files.createDirectories(in);
            List<String> names = new ArrayList<>();
            for (SqlModel m : ordered) {
                names.add(m.name());
                Files.writeString(in.resolve(m.name() + ".sql"), DuckModelRunner.bind(m.sql(), asOf));
                StringBuilder t = new StringBuilder();
                for (DataTest d : m.tests()) {
                    long min = d.kind().equals("row_count") ? d.min() : 0;
                    long max = d.kind().equals("row_count") ? d.max() : 0;
                    t.append(d.text()).append('\t').append(d.sql(m.name())).append('\t').append(min).append('\t')
                            .append(max).append('\n');
                }
                Files.writeString(in.resolve(m.name() + ".tests"), t.toString());
            }
            Files.write(in.resolve("order.txt"), names, StandardCharsets.UTF_8);
            List<String> cmd = new ArrayList<>();
            cmd.add(javaHome.resolve("bin").resolve("java").toString());
            cmd.addAll(JVM);
            cmd.addAll(List.of("-cp", jobClasspath, "org.shoptide.spark.SqlModelsJob", "--lake",
                    layout.root().toString(), "--shop", shop.value(), "--models", in.toString(), "--out",
                    out.toString(), "--master", master));
            Path log = staging.resolve("job.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new EltException("the Spark SQL job ran longer than " + timeout + "; log kept in " + log);
            }
            if (p.exitValue() == 4) {
                String why = Files.readAllLines(log).stream().filter(l -> l.startsWith("shoptide-spark:")).findFirst()
                        .orElse("a data test failed");
                return new RunReport(runId, List.of(), Optional.of(why + "; nothing was published"), false);
            }
            if (p.exitValue() != 0) {
                throw new EltException("the Spark SQL job failed (exit " + p.exitValue() + "); log kept in " + log);
            }
            List<RunReport.Built> built = new ArrayList<>();
            List<Path> files = new ArrayList<>();
            try (Connection db = Duck.open(1)) {
                for (SqlModel m : ordered) {
                    Path part;
                    try (Stream<Path> s = Files.list(out.resolve(m.name()))) {
                        part = s.filter(f -> f.getFileName().toString().endsWith(".parquet")
                                && !f.getFileName().toString().startsWith(".")).findFirst().orElseThrow();
                    }
                    files.add(part);
                    built.add(new RunReport.Built(m.name(), m.version(),
                            Duck.scalarLong(db, "SELECT count(*) FROM read_parquet(" + Duck.lit(part) + ")"),
                            m.tests().stream().map(DataTest::text).toList()));
                }
            }
            for (int i = 0; i < ordered.size(); i++) {
                Path target = layout.mart(shop, ordered.get(i).name());
                Files.createDirectories(target.getParent());
                Files.move(files.get(i), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            DuckModelRunner.deleteTree(staging);
            return new RunReport(runId, built, Optional.empty(), true);
        } catch (IOException | SQLException e) {
            throw new EltException("Spark model run " + runId + " of shop " + shop + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EltException("Spark model run " + runId + " was interrupted", e);
        }
    }
}
