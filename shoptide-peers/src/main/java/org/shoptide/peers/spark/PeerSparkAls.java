package org.shoptide.peers.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/peer-spark-als}: Spark MLlib implicit ALS run on the same files as Shoptide, for the offline evaluation
 * ({@code split}) and the training-speed comparison ({@code epochs}). See {@code docs/peers/SPARK.md}.
 */
@Command(name = "peer-spark-als", mixinStandardHelpOptions = true, version = "shoptide-peers 0.1.0", description = "Spark MLlib ALS (implicit preferences, local mode) on Shoptide's split files.", subcommands = {
        PeerSparkAls.Split.class, PeerSparkAls.Epochs.class, PeerSparkAls.WriteUciSplit.class })
public final class PeerSparkAls implements Callable<Integer> {
    @Override
    public Integer call() {
        CommandLine.usage(this, System.err);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command; returns the exit code (0 ok, 1 failure, 2 bad usage or input). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new PeerSparkAls());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cl.execute(args);
    }

    /** ALS options shared by the commands. */
    static final class AlsOptions {
        @Option(names = "--rank", defaultValue = "64", description = "Latent factors (default ${DEFAULT-VALUE}).")
        int rank;

        @Option(names = "--iterations", defaultValue = "15", description = "ALS iterations, maxIter (default ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--lambda", defaultValue = "0.1", description = "regParam, scaled by each row's rating count as Spark does (default ${DEFAULT-VALUE}, Spark's).")
        double lambda;

        @Option(names = "--alpha", defaultValue = "1.0", description = "Confidence scale, c = 1 + alpha·r (default ${DEFAULT-VALUE}, Spark's).")
        double alpha;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the factor initialization (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--blocks", defaultValue = "10", description = "numUserBlocks and numItemBlocks (default ${DEFAULT-VALUE}, Spark's).")
        int blocks;

        @Option(names = "--threads", defaultValue = "2", description = "Spark master local[N] and ranking threads (default ${DEFAULT-VALUE}).")
        int threads;

        AlsParams params() {
            return new AlsParams(rank, iterations, lambda, alpha, seed, blocks);
        }
    }

    @Command(name = "split", mixinStandardHelpOptions = true, description = {
            "Trains on DIR/train.tsv and writes the top k items of each user of DIR/targets.tsv twice, each with a .meta.json:",
            "DIR/predictions-NAME.tsv without the user's training items (for the harness's variant new), and",
            "DIR/predictions-NAME-repeats.tsv with them (for variant all, where re-purchases count).",
            "Users of targets.tsv without training lines get no line (the meta file counts them)." })
    static final class Split implements Callable<Integer> {
        @Option(names = "--split", required = true, paramLabel = "DIR", description = "Directory with train.tsv and targets.tsv.")
        Path dir;

        @Option(names = "--k", defaultValue = "100", description = "Items per user (default ${DEFAULT-VALUE}).")
        int k;

        @Option(names = "--name", defaultValue = "spark-als", description = "Model name in the predictions file name (default ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--tune-on", paramLabel = "DIR2", description = "A validation split (same files): pick regParam and alpha there by NDCG@20 over the --tune-lambdas × --tune-alphas grid, then train on DIR.")
        Path tuneOn;

        @Option(names = "--tune-lambdas", split = ",", defaultValue = "0.01,0.1,1", description = "Grid of regParam values (default ${DEFAULT-VALUE}).")
        List<Double> tuneLambdas;

        @Option(names = "--tune-alphas", split = ",", defaultValue = "0.1,1,10", description = "Grid of alpha values (log-spaced around 1 whatever the weight scale: the harness weighs a purchase line 8-24) (default ${DEFAULT-VALUE}).")
        List<Double> tuneAlphas;

        @Option(names = "--tune-variant", defaultValue = "all", description = "Variant whose NDCG@20 the search maximises: all (training items kept in the ranking, every target; the harness's default objective) or new (training items excluded, targets not trained on) (default ${DEFAULT-VALUE}).")
        String tuneVariant;

        @Mixin
        AlsOptions als = new AlsOptions();

        @Override
        public Integer call() {
            if (!tuneVariant.equals("all") && !tuneVariant.equals("new")) {
                throw new IllegalArgumentException("--tune-variant must be all or new: " + tuneVariant);
            }
            if (k < 1) {
                throw new IllegalArgumentException("--k must be >= 1");
            }
            AlsParams params = als.params();
            Map<String, Object> tuning = null;
            long t0 = System.nanoTime();
            Interactions train = SplitFiles.readTrain(dir.resolve("train.tsv"));
            Map<String, List<String>> targets = SplitFiles.readTargets(dir.resolve("targets.tsv"));
            long readMillis = (System.nanoTime() - t0) / 1_000_000;
            try (SparkAls spark = new SparkAls(als.threads)) {
                if (tuneOn != null) {
                    tuning = tune(spark, params);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> best = (Map<String, Object>) tuning.get("best");
                    params = params.withRegularization((Double) best.get("regParam"), (Double) best.get("alpha"));
                }
                log("train: %,d lines, %,d users, %,d items, %,d pairs; %,d target users (read in %,d ms)",
                        train.eventCount(), train.userCount(), train.itemCount(), train.pairCount(), targets.size(),
                        readMillis);
                Environment.resetHeapPeak();
                SparkAls.Fit fit = spark.fit(spark.ratings(train), train.userCount(), train.itemCount(), params);
                long peakHeapMiB = Environment.heapPeakMiB();
                log("fit: %,d ms for %d iterations (%,d ms per iteration, data partitioning included)", fit.fitMillis(),
                        params.iterations(), fit.fitMillis() / params.iterations());
                Map<String, Object> meta = new LinkedHashMap<>();
                meta.put("trainMillis", fit.fitMillis());
                meta.put("epochMillisAvg", fit.fitMillis() / params.iterations());
                meta.put("trainCpuMillis", fit.fitCpuMillis());
                meta.put("peakHeapMiB", peakHeapMiB);
                meta.put("params", params.asMap());
                meta.put("spark", spark.version());
                meta.put("java", System.getProperty("java.version"));
                meta.put("master", "local[" + als.threads + "]");
                meta.put("blas", Environment.blas());
                meta.put("k", k);
                meta.put("trainLines", train.eventCount());
                meta.put("users", train.userCount());
                meta.put("items", train.itemCount());
                meta.put("pairs", train.pairCount());
                meta.put("targetUsers", targets.size());
                meta.put("collectMillis", fit.collectMillis());
                if (tuning != null) {
                    meta.put("tuning", tuning);
                }
                for (boolean repeats : new boolean[] { false, true }) {
                    Map<String, List<String>> ranked = Rankings.rank(train, fit.factors(), targets.keySet(), k,
                            als.threads, !repeats);
                    Path out = dir.resolve("predictions-" + name + (repeats ? "-repeats" : "") + ".tsv");
                    SplitFiles.writePredictions(out, ranked);
                    Rankings.Quality all = Rankings.quality(ranked, targets, 20);
                    Rankings.Quality fresh = Rankings.quality(Rankings.withoutTrainingItems(ranked, train),
                            Rankings.newItemsOnly(targets, train), 20);
                    Map<String, Object> m = new LinkedHashMap<>(meta);
                    m.put("trainingItemsExcluded", !repeats);
                    m.put("useFor", repeats ? "variant all (re-purchases count, nothing masked)"
                            : "variant new (items not trained on, history masked)");
                    m.put("unrankedUsers", all.unranked());
                    m.put("check", Map.of("all", all.asMap(), "new", fresh.asMap()));
                    m.put("note", "trainMillis is the wall time of ALS.fit() (data partitioning and all iterations),"
                            + " epochMillisAvg = trainMillis / maxIter. 'check' is this tool's own scoring of this file"
                            + " as the harness scores an external list (variant new drops training items from it);"
                            + " 'shoptide eval score-external' is authoritative");
                    SplitFiles.writeString(Path.of(out + ".meta.json"), Json.write(m));
                    log("wrote %s (%,d users; %d target users without training data get no line)", out, ranked.size(),
                            all.unranked());
                    log("  scored as the harness would: variant all %s; variant new %s", all, fresh);
                }
            }
            return 0;
        }

        /** Grid search on the validation split; every trial is returned. */
        private Map<String, Object> tune(SparkAls spark, AlsParams base) {
            Interactions train = SplitFiles.readTrain(tuneOn.resolve("train.tsv"));
            Map<String, List<String>> targets = SplitFiles.readTargets(tuneOn.resolve("targets.tsv"));
            Dataset<Row> ratings = spark.ratings(train);
            List<Object> trials = new ArrayList<>();
            Map<String, Object> best = null;
            double bestNdcg = -1;
            for (double lambda : tuneLambdas) {
                for (double alpha : tuneAlphas) {
                    AlsParams p = base.withRegularization(lambda, alpha);
                    SparkAls.Fit fit = spark.fit(ratings, train.userCount(), train.itemCount(), p);
                    boolean all = tuneVariant.equals("all");
                    Map<String, List<String>> ranked = Rankings.rank(train, fit.factors(), targets.keySet(), 20,
                            als.threads, !all);
                    Rankings.Quality q = all ? Rankings.quality(ranked, targets, 20)
                            : Rankings.quality(ranked, Rankings.newItemsOnly(targets, train), 20);
                    Map<String, Object> trial = new LinkedHashMap<>();
                    trial.put("regParam", lambda);
                    trial.put("alpha", alpha);
                    trial.put("ndcg20", q.ndcg());
                    trial.put("recall20", q.recall());
                    trial.put("recall20Capped", q.recallCapped());
                    trial.put("trainMillis", fit.fitMillis());
                    trials.add(trial);
                    log("tune: regParam %s alpha %s -> NDCG@20 %.4f, Recall@20 %.4f (%,d ms)", lambda, alpha, q.ndcg(),
                            q.recall(), fit.fitMillis());
                    if (q.ndcg() > bestNdcg) {
                        bestNdcg = q.ndcg();
                        best = trial;
                    }
                }
            }
            if (best == null) {
                throw new IllegalArgumentException("--tune-lambdas and --tune-alphas must not be empty");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("split", tuneOn.toString());
            out.put("objective", "NDCG@20, variant " + tuneVariant);
            out.put("trials", trials);
            out.put("best", best);
            return out;
        }
    }

    @Command(name = "epochs", mixinStandardHelpOptions = true, description = {
            "Times Spark ALS per epoch on a train.tsv: after a warm-up fit, fit() with 1 and with N iterations;",
            "seconds per epoch = (T(N) - T(1)) / (N - 1), which leaves out the data partitioning every fit repeats.",
            "With --holdout, also Recall@20 and NDCG@20 of the N-iteration model (training items excluded)." })
    static final class Epochs implements Callable<Integer> {
        @Option(names = "--train", required = true, paramLabel = "FILE", description = "A train.tsv.")
        Path trainFile;

        @Option(names = "--holdout", paramLabel = "FILE", description = "Held-out user<TAB>item lines.")
        Path holdoutFile;

        @Option(names = "--warmup", defaultValue = "1", description = "Iterations of the untimed warm-up fit, 0 for none (default ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
        Path json;

        @Mixin
        AlsOptions als = new AlsOptions();

        @Override
        public Integer call() {
            if (als.iterations < 2) {
                throw new IllegalArgumentException("--iterations must be >= 2 to time an epoch as T(N) - T(1)");
            }
            long t0 = System.nanoTime();
            Interactions train = SplitFiles.readTrain(trainFile);
            Map<String, List<String>> holdout = holdoutFile == null ? null : SplitFiles.readTargets(holdoutFile);
            long readMillis = (System.nanoTime() - t0) / 1_000_000;
            log("train: %,d lines, %,d users, %,d items, %,d pairs (read in %,d ms)", train.eventCount(),
                    train.userCount(), train.itemCount(), train.pairCount(), readMillis);
            AlsParams p = als.params();
            Map<String, Object> result = new LinkedHashMap<>();
            try (SparkAls spark = new SparkAls(als.threads)) {
                Dataset<Row> ratings = spark.ratings(train);
                if (warmup > 0) {
                    SparkAls.Fit w = spark.fit(ratings, train.userCount(), train.itemCount(), p.withIterations(warmup));
                    log("warm-up fit, %d iteration(s): %,d ms", warmup, w.fitMillis());
                    result.put("warmupMillis", w.fitMillis());
                }
                System.gc();
                SparkAls.Fit one = spark.fit(ratings, train.userCount(), train.itemCount(), p.withIterations(1));
                log("fit, 1 iteration: %,d ms (CPU %,d ms)", one.fitMillis(), one.fitCpuMillis());
                System.gc();
                SparkAls.Fit all = spark.fit(ratings, train.userCount(), train.itemCount(), p);
                double perEpoch = (all.fitMillis() - one.fitMillis()) / (double) (p.iterations() - 1);
                double cpuPerEpoch = (all.fitCpuMillis() - one.fitCpuMillis()) / (double) (p.iterations() - 1);
                log("fit, %d iterations: %,d ms (CPU %,d ms)", p.iterations(), all.fitMillis(), all.fitCpuMillis());
                log("per epoch: %.1f s wall, %.1f CPU-s marginal ((T(%d) - T(1)) / %d); %.1f s wall as T(%d) / %d",
                        perEpoch / 1000, cpuPerEpoch / 1000, p.iterations(), p.iterations() - 1,
                        all.fitMillis() / 1000.0 / p.iterations(), p.iterations(), p.iterations());
                result.put("train", trainFile.toString());
                result.put("trainLines", train.eventCount());
                result.put("users", train.userCount());
                result.put("items", train.itemCount());
                result.put("pairs", train.pairCount());
                result.put("params", p.asMap());
                result.put("fit1Millis", one.fitMillis());
                result.put("fitNMillis", all.fitMillis());
                result.put("fit1CpuMillis", one.fitCpuMillis());
                result.put("fitNCpuMillis", all.fitCpuMillis());
                result.put("epochMillisMarginal", Math.round(perEpoch));
                result.put("epochCpuMillisMarginal", Math.round(cpuPerEpoch));
                result.put("epochMillisAvg", all.fitMillis() / p.iterations());
                if (holdout != null) {
                    long r0 = System.nanoTime();
                    Rankings.Quality q = Rankings.quality(
                            Rankings.rank(train, all.factors(), holdout.keySet(), 20, als.threads, true), holdout, 20);
                    log("holdout: %,d users (%,d without training data): Recall@20 %.4f, NDCG@20 %.4f (ranked in %,d ms)",
                            q.users(), q.unranked(), q.recall(), q.ndcg(), (System.nanoTime() - r0) / 1_000_000);
                    result.put("holdout", holdoutFile.toString());
                    result.put("holdoutUsers", q.users());
                    result.put("recall20", q.recall());
                    result.put("recall20Capped", q.recallCapped());
                    result.put("ndcg20", q.ndcg());
                }
                result.put("spark", spark.version());
                result.put("java", System.getProperty("java.version"));
                result.put("master", "local[" + als.threads + "]");
                result.put("blas", Environment.blas());
                result.put("cpus", Runtime.getRuntime().availableProcessors());
                result.put("loadAverage", Environment.loadAverage());
            }
            if (json != null) {
                SplitFiles.writeString(json, Json.write(result));
            }
            System.out.print(Json.write(result));
            System.out.flush();
            return 0;
        }
    }

    @Command(name = "uci-split", mixinStandardHelpOptions = true, description = {
            "Writes a temporal split of a UCI Online Retail CSV (.csv or .csv.xz) as train.tsv, targets.tsv and split.json.",
            "A stand-in for 'shoptide eval export-split' with the same cleaning; see UciSplit's Javadoc." })
    static final class WriteUciSplit implements Callable<Integer> {
        @Option(names = "--csv", required = true, paramLabel = "FILE", description = "online_retail.csv[.xz].")
        Path csv;

        @Option(names = "--cut", defaultValue = "2011-09-01", description = "Train before this date, targets from it (default ${DEFAULT-VALUE}).")
        LocalDate cut;

        @Option(names = "--from", description = "Train only from this date.")
        LocalDate from;

        @Option(names = "--until", description = "Targets only before this date.")
        LocalDate until;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException("no such file: " + csv);
            }
            UciSplit.Summary s = UciSplit.write(csv, from, cut, until, out);
            log("%,d rows, %,d kept after cleaning; %,d train lines; %,d target users, %,d target pairs; sha256 %s",
                    s.rows(), s.kept(), s.trainLines(), s.targetUsers(), s.targetPairs(), s.sha256());
            return 0;
        }
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
