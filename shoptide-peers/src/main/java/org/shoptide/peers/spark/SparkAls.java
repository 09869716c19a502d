package org.shoptide.peers.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib's implicit ALS in local mode, fed from memory and read back into memory.
 * <p>
 * Nothing goes through Spark's or Hadoop's file I/O: on JDK 24+ Hadoop's file systems fail ({@code getSubject is not
 * supported}), so the ratings are built as Java rows from {@link Interactions}, parallelized from the driver, and the
 * factors are collected back. No checkpoint directory is set, so ALS never checkpoints. Spark's block manager may still
 * spill cached blocks to {@code spark.local.dir} with plain Java I/O.
 * <p>
 * One instance owns one {@code local[threads]} session; close it when done.
 */
public final class SparkAls implements AutoCloseable {
    /** Ratings per parallelized chunk of the input. */
    private static final int CHUNK = 1 << 16;
    private static final StructType SCHEMA = new StructType().add("user", DataTypes.IntegerType, false)
            .add("item", DataTypes.IntegerType, false).add("rating", DataTypes.FloatType, false);

    private final SparkSession spark;
    private final int threads;

    /**
     * Starts {@code local[threads]} with the UI off, the driver bound to 127.0.0.1, Kryo serialization (Spark's tuning
     * guide's first advice) and log level WARN.
     */
    public SparkAls(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.threads = threads;
        SparkConf conf = new SparkConf().setMaster("local[" + threads + "]").setAppName("shoptide-peer-spark-als")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.default.parallelism", Integer.toString(threads))
                .set("spark.sql.shuffle.partitions", Integer.toString(threads));
        spark = SparkSession.builder().config(conf).getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    /**
     * Uses a session the caller configured (any master); {@code threads} sizes the parallelized input of
     * {@link #ratings}. {@link #close()} stops that session.
     */
    public SparkAls(SparkSession spark, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.spark = Objects.requireNonNull(spark, "spark");
        this.threads = threads;
    }

    /** The running Spark version. */
    public String version() {
        return spark.version();
    }

    /**
     * The trained factors; the wall time and the process CPU time (all threads: Spark's tasks, GC, JIT) of
     * {@code fit()} alone; the wall time of collecting the factors.
     */
    public record Fit(Factors factors, long fitMillis, long fitCpuMillis, long collectMillis) {
    }

    /** The (user, item, summed weight) ratings of {@code data} as a DataFrame, built from driver memory. */
    public Dataset<Row> ratings(Interactions data) {
        List<Chunk> chunks = new ArrayList<>();
        for (int start = 0; start < data.pairCount(); start += CHUNK) {
            int n = Math.min(CHUNK, data.pairCount() - start);
            int[] u = new int[n];
            int[] i = new int[n];
            float[] r = new float[n];
            for (int k = 0; k < n; k++) {
                u[k] = data.pairUser(start + k);
                i[k] = data.pairItem(start + k);
                r[k] = data.pairWeight(start + k);
            }
            chunks.add(new Chunk(u, i, r));
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // broadcast once (in local mode the tasks read the driver's copy) rather than ship megabytes in every task
        Broadcast<List<Chunk>> shared = jsc.broadcast(chunks);
        List<Integer> indexes = IntStream.range(0, chunks.size()).boxed().toList();
        int slices = Math.max(1, Math.min(chunks.size(), 4 * threads));
        JavaRDD<Row> rows = jsc.parallelize(indexes, slices).flatMap(c -> shared.value().get(c).rows());
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * Trains implicit ALS on {@code ratings} (from {@link #ratings}) and collects the factors of all {@code users} ×
     * {@code items} dense indexes. Everything Spark cached for the fit is released afterwards, so repeated fits in one
     * session start alike.
     */
    public Fit fit(Dataset<Row> ratings, int users, int items, AlsParams p) {
        ALS als = new ALS().setImplicitPrefs(true).setRank(p.rank()).setMaxIter(p.iterations()).setRegParam(p.lambda())
                .setAlpha(p.alpha()).setSeed(p.seed()).setNumUserBlocks(p.blocks()).setNumItemBlocks(p.blocks())
                .setUserCol("user").setItemCol("item").setRatingCol("rating");
        long c0 = Environment.processCpuNanos();
        long t0 = System.nanoTime();
        // fit() ends by materializing both factor RDDs, so its wall time covers all iterations
        ALSModel model = als.fit(ratings);
        long t1 = System.nanoTime();
        long c1 = Environment.processCpuNanos();
        float[] u = collect(model.userFactors(), users, p.rank());
        float[] i = collect(model.itemFactors(), items, p.rank());
        long t2 = System.nanoTime();
        releaseCached();
        return new Fit(new Factors(p.rank(), u, i), (t1 - t0) / 1_000_000, (c1 - c0) / 1_000_000,
                (t2 - t1) / 1_000_000);
    }

    private static float[] collect(Dataset<Row> factors, int rows, int rank) {
        float[] out = new float[rows * rank];
        Iterator<Row> it = factors.toLocalIterator();
        while (it.hasNext()) {
            Row row = it.next();
            int id = row.getInt(0);
            List<Object> f = row.getList(1);
            if (id < 0 || id >= rows || f.size() != rank) {
                throw new IllegalStateException("Spark returned factor row " + id + " of length " + f.size()
                        + ", expected an id in 0.." + (rows - 1) + " and rank " + rank);
            }
            for (int k = 0; k < rank; k++) {
                out[id * rank + k] = ((Number) f.get(k)).floatValue();
            }
        }
        return out;
    }

    private void releaseCached() {
        JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().values()
                .forEach(rdd -> rdd.unpersist(true));
    }

    @Override
    public void close() {
        spark.stop();
    }

    /**
     * A slice of the ratings as three primitive arrays instead of millions of rows. A plain class, not a record: the
     * Kryo version in Spark cannot serialize records.
     */
    static final class Chunk implements Serializable {
        private static final long serialVersionUID = 1L;
        private final int[] users;
        private final int[] items;
        private final float[] ratings;

        Chunk(int[] users, int[] items, float[] ratings) {
            this.users = users;
            this.items = items;
            this.ratings = ratings;
        }

        Iterator<Row> rows() {
            return new Iterator<>() {
                private int k;

                @Override
                public boolean hasNext() {
                    return k < users.length;
                }

                @Override
                public Row next() {
                    if (k >= users.length) {
                        throw new NoSuchElementException();
                    }
                    Row r = RowFactory.create(users[k], items[k], ratings[k]);
                    k++;
                    return r;
                }
            };
        }
    }
}
