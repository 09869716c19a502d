package org.shoptide.spark;

import dev.ludovic.netlib.blas.BLAS;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.shoptide.peers.spark.AlsParams;
import org.shoptide.peers.spark.Factors;
import org.shoptide.peers.spark.Json;
import org.shoptide.peers.spark.SparkAls;

/**
 * The Spark training job: reads one shop's events from the Parquet lake, weighs them as the engine does
 * ({@link EventWeigher}), sums the weights per (user, item), keeps the positive sums, fits Spark MLlib's implicit ALS
 * (Hu, Koren, Volinsky 2008; {@link SparkAls}) and writes the factors with their ids as the {@code als-factors}
 * interchange ({@code docs/formats/als-factors.md}): {@code users.bin}, {@code items.bin}, then {@code manifest.json}
 * last, so a reader that finds the manifest finds complete factor files.
 * <p>
 * Exit status: 0 done; 2 bad arguments; 3 nothing to train on (no lake partition, or no positive interaction in the
 * window); 1 any other failure. The reason is printed on stderr as one line starting with {@code shoptide-spark:}. Runs
 * on JDK 17 or 21 (Spark 4.1.0's Hadoop file I/O fails on JDK 24+); launched by shoptide-lake's {@code SparkTrainer}.
 */
public final class LakeAlsJob {
    static final String FORMAT = "shoptide-als-factors";
    static final int VERSION = 1;
    static final byte[] MAGIC = "STALSF01".getBytes(StandardCharsets.US_ASCII);
    private static final StructType OBSERVATION = new StructType().add("subject", DataTypes.StringType, false)
            .add("item", DataTypes.StringType, false).add("weight", DataTypes.DoubleType, false);
    private static final StructType RATING = new StructType().add("user", DataTypes.IntegerType, false)
            .add("item", DataTypes.IntegerType, false).add("rating", DataTypes.FloatType, false);

    private LakeAlsJob() {
    }

    /** Nothing to train on: exit status 3. */
    static final class NoDataException extends Exception {
        private static final long serialVersionUID = 1L;

        NoDataException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        int status;
        try {
            run(JobArgs.parse(args));
            status = 0;
        } catch (JobArgs.UsageException e) {
            System.err.println("shoptide-spark: " + e.getMessage());
            status = 2;
        } catch (NoDataException e) {
            System.err.println("shoptide-spark: " + e.getMessage());
            status = 3;
        } catch (Exception | LinkageError e) {
            System.err.println("shoptide-spark: the job failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    static void run(JobArgs a) throws IOException, NoDataException {
        long t0 = System.nanoTime();
        Path shopDir = a.lake().resolve("events").resolve("shop=" + a.shop());
        if (!Files.isDirectory(shopDir)) {
            throw new NoDataException("the lake at " + a.lake() + " has no partition for shop " + a.shop() + " ("
                    + shopDir + "); is its lake sink running?");
        }
        prepareOut(a.out());
        Map<String, String> aliases = readAliases(a.aliases());
        SparkConf conf = new SparkConf().setMaster(a.master()).setAppName("shoptide-spark-als-" + a.shop())
                .set("spark.ui.enabled", "false").set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.sql.shuffle.partitions", Integer.toString(a.blocks()))
                // day= stays a string, so the window's day bounds prune partitions
                .set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
        if (a.master().startsWith("local")) {
            conf.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try (SparkAls als = new SparkAls(spark, a.blocks())) {
            Dataset<Row> events = spark.read().parquet(shopDir.toString());
            Column keep = functions.lit(true);
            if (a.fromMillis() != null) {
                keep = keep.and(functions.col("ts_ms").geq(a.fromMillis())).and(
                        functions.col("day").geq(Instant.ofEpochMilli(a.fromMillis()).toString().substring(0, 10)));
            }
            if (a.untilMillis() != null) {
                keep = keep.and(functions.col("ts_ms").lt(a.untilMillis())).and(
                        functions.col("day").leq(Instant.ofEpochMilli(a.untilMillis()).toString().substring(0, 10)));
            }
            Dataset<Row> rows = events.filter(keep)
                    .select(Arrays.stream(EventWeigher.COLUMNS).map(functions::col).toArray(Column[]::new));
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            EventWeigher weigher = new EventWeigher(a.weights(), a.customWeights(), aliases, a.rateNeutral(),
                    a.ratePerPoint(), a.lineQuantityCap());
            Broadcast<EventWeigher> w = jsc.broadcast(weigher);
            JavaRDD<Row> observations = rows.javaRDD().flatMap(r -> w.value().observations(r).iterator());
            Dataset<Row> pairs = spark.createDataFrame(observations, OBSERVATION).groupBy("subject", "item")
                    .agg(functions.sum("weight").as("weight")).filter(functions.col("weight").gt(0)).cache();
            long pairCount = pairs.count();
            if (pairCount == 0) {
                throw new NoDataException(
                        "no positive (user, item) interaction of shop " + a.shop() + " in the lake's window");
            }
            String[] users = distinctSorted(pairs, "subject");
            String[] items = distinctSorted(pairs, "item");
            Broadcast<HashMap<String, Integer>> userIndex = jsc.broadcast(indexOf(users));
            Broadcast<HashMap<String, Integer>> itemIndex = jsc.broadcast(indexOf(items));
            JavaRDD<Row> ratings = pairs.javaRDD().map(r -> RowFactory.create(userIndex.value().get(r.getString(0)),
                    itemIndex.value().get(r.getString(1)), (float) r.getDouble(2)));
            Dataset<Row> ratingFrame = spark.createDataFrame(ratings, RATING);
            long prepared = System.nanoTime();
            AlsParams p = new AlsParams(a.rank(), a.iterations(), a.lambda(), a.alpha(), a.seed(), a.blocks());
            SparkAls.Fit fit = als.fit(ratingFrame, users.length, items.length, p);
            Factors f = fit.factors();
            writeSide(a.out().resolve("users.bin"), users, f.users(), a.rank());
            writeSide(a.out().resolve("items.bin"), items, f.items(), a.rank());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", FORMAT);
            m.put("version", VERSION);
            m.put("rank", a.rank());
            m.put("users", users.length);
            m.put("items", items.length);
            m.put("shop", a.shop());
            m.put("from", a.fromMillis() == null ? null : Instant.ofEpochMilli(a.fromMillis()).toString());
            m.put("until", a.untilMillis() == null ? null : Instant.ofEpochMilli(a.untilMillis()).toString());
            m.put("pairs", pairCount);
            m.put("als", p.asMap());
            m.put("sparkVersion", als.version());
            m.put("master", a.master());
            // JNIBLAS (system libblas), VectorBLAS (JDK Vector API) or Java11BLAS: it decides the fit's speed
            m.put("blas", BLAS.getInstance().getClass().getSimpleName());
            Map<String, Object> ms = new LinkedHashMap<>();
            ms.put("prepare", (prepared - t0) / 1_000_000);
            ms.put("fit", fit.fitMillis());
            ms.put("fitCpu", fit.fitCpuMillis());
            ms.put("collect", fit.collectMillis());
            ms.put("total", (System.nanoTime() - t0) / 1_000_000);
            m.put("millis", ms);
            Path tmp = a.out().resolve(".manifest.json.tmp");
            Files.writeString(tmp, Json.write(m), StandardCharsets.UTF_8);
            Files.move(tmp, a.out().resolve("manifest.json"), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void prepareOut(Path out) throws IOException {
        Files.createDirectories(out);
        try (var s = Files.list(out)) {
            if (s.findAny().isPresent()) {
                throw new IOException("the output directory " + out + " is not empty");
            }
        }
    }

    private static Map<String, String> readAliases(Path file) throws IOException {
        Map<String, String> m = new HashMap<>();
        if (file == null) {
            return m;
        }
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1 || line.indexOf('\t', tab + 1) >= 0) {
                throw new IOException(file + " line " + n + ": expected 'anonymousId<TAB>userId'");
            }
            m.put(line.substring(0, tab), line.substring(tab + 1));
        }
        return m;
    }

    private static String[] distinctSorted(Dataset<Row> pairs, String column) {
        List<Row> rows = pairs.select(column).distinct().collectAsList();
        String[] ids = new String[rows.size()];
        for (int k = 0; k < ids.length; k++) {
            ids[k] = rows.get(k).getString(0);
        }
        Arrays.sort(ids);
        return ids;
    }

    /** A HashMap, not a Map: Spark broadcasts it, and the declared type must be serializable. */
    @SuppressWarnings("NonApiType")
    private static HashMap<String, Integer> indexOf(String[] ids) {
        HashMap<String, Integer> m = new HashMap<>(ids.length * 2);
        for (int k = 0; k < ids.length; k++) {
            m.put(ids[k], k);
        }
        return m;
    }

    /** One side of the interchange: magic, then per row int32 LE id length, UTF-8 id, rank float32 LE. */
    static void writeSide(Path file, String[] ids, float[] factors, int rank) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Integer.BYTES + rank * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(MAGIC);
            for (int r = 0; r < ids.length; r++) {
                byte[] id = ids[r].getBytes(StandardCharsets.UTF_8);
                buf.clear();
                buf.putInt(id.length);
                out.write(buf.array(), 0, Integer.BYTES);
                out.write(id);
                buf.clear();
                for (int k = 0; k < rank; k++) {
                    buf.putFloat(factors[r * rank + k]);
                }
                out.write(buf.array(), 0, rank * Float.BYTES);
            }
        }
    }
}
