package org.shoptide.spark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark SQL runner of the customer-360 ELT (docs/CUSTOMER360.md, ADR 0030): registers the shop's event lake as
 * {@code events} and each landed source as {@code raw_NAME} (the same Parquet files DuckDB reads), then runs the models
 * listed in {@code MODELS/order.txt} in that order. Each model's SQL ({@code NAME.sql}, parameters already bound) is
 * written as one Parquet file under {@code OUT/NAME/} and registered as a view for the models after it; its data tests
 * ({@code NAME.tests}: one line per test, {@code text TAB sql TAB min TAB max}, the query returning one number that
 * passes when within [min, max]) run on it. The Java 21 side ({@code SparkModelRunner} in shoptide-elt) writes the
 * inputs and publishes the outputs.
 * <p>
 * Exit status: 0 every model built and passed; 4 a data test failed (the reason on stderr as {@code shoptide-spark:
 * model M: test T failed: N}); 2 bad arguments; 1 any other failure.
 */
public final class SqlModelsJob {
    private SqlModelsJob() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("shoptide-spark: " + e.getMessage());
            status = 2;
        } catch (Exception | LinkageError e) {
            System.err.println("shoptide-spark: the SQL job failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static int run(String[] args) throws Exception {
        String lake = null;
        String shop = null;
        String models = null;
        String out = null;
        String master = "local[2]";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--lake" -> lake = args[i + 1];
                case "--shop" -> shop = args[i + 1];
                case "--models" -> models = args[i + 1];
                case "--out" -> out = args[i + 1];
                case "--master" -> master = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (lake == null || shop == null || models == null || out == null) {
            throw new IllegalArgumentException("usage: --lake DIR --shop ID --models DIR --out DIR [--master URL]");
        }
        SparkSession spark = SparkSession.builder().appName("shoptide-elt-" + shop).master(master)
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC").getOrCreate();
        try {
            Path events = Path.of(lake, "events", "shop=" + shop);
            if (Files.isDirectory(events)) {
                spark.read().parquet(events.toString()).createOrReplaceTempView("events");
            }
            Path raw = Path.of(lake, "raw", "shop=" + shop);
            if (Files.isDirectory(raw)) {
                try (var s = Files.list(raw)) {
                    for (Path src : s.toList()) {
                        String n = src.getFileName().toString();
                        if (n.startsWith("source=")) {
                            spark.read().option("mergeSchema", "true").parquet(src.toString())
                                    .createOrReplaceTempView("raw_" + n.substring("source=".length()));
                        }
                    }
                }
            }
            Path dir = Path.of(models);
            List<String> order = Files.readAllLines(dir.resolve("order.txt"), StandardCharsets.UTF_8);
            for (String name : order) {
                if (name.isBlank()) {
                    continue;
                }
                String sql = Files.readString(dir.resolve(name + ".sql"), StandardCharsets.UTF_8);
                Path target = Path.of(out, name);
                spark.sql(sql).coalesce(1).write().mode("overwrite").parquet(target.toString());
                spark.read().parquet(target.toString()).createOrReplaceTempView(name);
                Path tests = dir.resolve(name + ".tests");
                if (Files.exists(tests)) {
                    for (String line : Files.readAllLines(tests, StandardCharsets.UTF_8)) {
                        if (line.isBlank()) {
                            continue;
                        }
                        String[] f = line.split("\t");
                        Dataset<Row> r = spark.sql(f[1]);
                        long n = ((Number) r.first().get(0)).longValue();
                        if (n < Long.parseLong(f[2]) || n > Long.parseLong(f[3])) {
                            System.err.println("shoptide-spark: model " + name + ": test " + f[0] + " failed: " + n);
                            return 4;
                        }
                    }
                }
            }
            return 0;
        } finally {
            spark.stop();
        }
    }
}
