package org.shoptide.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.shoptide.server.Logging;
import org.shoptide.server.config.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/simulate}: the simulation studies of docs/EXPERIMENTS.md, one command each. Each starts the real server in
 * this process on a random port over a temporary data directory, drives it over HTTP, prints a summary and writes the
 * full result as JSON.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, subcommands = { SimulateCli.ExperimentCommand.class,
        SimulateCli.AaCommand.class, SimulateCli.IpsCommand.class,
        SimulateCli.LtrCommand.class }, description = "Seeded shop simulations against a real Shoptide server.")
public final class SimulateCli {

    /** Options every study has; null means the study's own default. */
    static final class Common {
        @Option(names = "--seed", description = "seed of the shop and the sessions (default ${DEFAULT-VALUE})")
        long seed = 42;
        @Option(names = "--users", description = "users per shop")
        Integer users;
        @Option(names = "--items", description = "catalog items per shop")
        Integer items;
        @Option(names = "--warmup-days", description = "days on the default blend before the study")
        Integer warmupDays;
        @Option(names = "--days", description = "days of the study")
        Integer days;
        @Option(names = "--visit-rate", description = "mean daily visit probability of a user")
        Double visitRate;
        @Option(names = "--parallelism", description = "sessions in flight at once (1 = exactly repeatable)")
        Integer parallelism;
        @Option(names = "--rank", description = "ALS rank of the server's training (default ${DEFAULT-VALUE})")
        int rank = 32;
        @Option(names = "--out", description = "result file (default target/sim-results/<study>.json)")
        Path out;

        StudyConfig config(int defUsers, int defItems, int defWarmup, int defDays, double defRate, int defParallel) {
            return new StudyConfig(seed, users == null ? defUsers : users, items == null ? defItems : items,
                    warmupDays == null ? defWarmup : warmupDays, days == null ? defDays : days,
                    visitRate == null ? defRate : visitRate, parallelism == null ? defParallel : parallelism, rank,
                    ChoiceModel.defaults());
        }

        /** Writes the result file (replacing an earlier one) and returns it. */
        Path save(String study, ObjectNode result) throws IOException {
            Path file = out != null ? out : Path.of("target", "sim-results", study + ".json");
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, result.toPrettyString() + "\n", StandardCharsets.UTF_8);
            return file;
        }

        int write(String study, ObjectNode result, String summary) throws IOException {
            Path file = save(study, result);
            PrintStream o = new PrintStream(System.out, true, StandardCharsets.UTF_8);
            o.println(summary);
            o.println("full result: " + file.toAbsolutePath());
            return 0;
        }
    }

    @Command(name = "experiment", mixinStandardHelpOptions = true, description = "A/B experiment: popularity (control) against the personalized blend.")
    static final class ExperimentCommand implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws IOException {
            ObjectNode r = ExperimentStudy.run(common.config(3000, 600, 7, 14, 0.3, 8));
            common.write("experiment", r, Summaries.experiment(r));
            return r.path("verdict").path("personalizedWinsBoth").asBoolean() ? 0 : 3;
        }
    }

    @Command(name = "aa", mixinStandardHelpOptions = true, description = "A/A calibration: many experiments of blend against blend; the significant fraction must not exceed alpha beyond noise.")
    static final class AaCommand implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--runs", description = "A/A experiments, one shop each (default ${DEFAULT-VALUE})")
        int runs = 400;
        @Option(names = "--wave", description = "shops simulated together (default ${DEFAULT-VALUE})")
        int wave = 20;
        @Option(names = "--alpha", description = "significance level (default ${DEFAULT-VALUE})")
        double alpha = 0.05;

        @Override
        public Integer call() throws IOException {
            ObjectNode r = AaStudy.run(common.config(300, 150, 1, 3, 0.3, 16), runs, wave, alpha, partial -> {
                try {
                    common.save("aa", partial);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            common.write("aa", r, Summaries.aa(r));
            return r.path("calibrated").asBoolean() ? 0 : 3;
        }
    }

    @Command(name = "ips", mixinStandardHelpOptions = true, description = "Estimate a candidate variant's CTR and revenue from logged impressions (IPS, SNIPS), then measure it online.")
    static final class IpsCommand implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--exploration", description = "exploration rate of the logging policy (default ${DEFAULT-VALUE})")
        double exploration = 0.2;
        @Option(names = "--candidate", description = "the candidate: 'reranker' (the blend re-ranked by LambdaMART trained on the warm-up log) or a variant model: blend, popular, trending, als, ... (default ${DEFAULT-VALUE})")
        String candidate = IpsStudy.RERANKER;

        @Override
        public Integer call() throws IOException {
            ObjectNode r = IpsStudy.run(common.config(3000, 600, 6, 7, 0.3, 8), exploration, candidate);
            common.write("ips", r, Summaries.ips(r));
            return 0;
        }
    }

    @Command(name = "ltr", mixinStandardHelpOptions = true, description = "Learning to rank: train LambdaMART on logged impressions, compare it with the blend on a later held-out period.")
    static final class LtrCommand implements Callable<Integer> {
        @Mixin
        Common common;
        @Option(names = "--exploration", description = "exploration rate while logging (default ${DEFAULT-VALUE})")
        double exploration = 0.1;
        @Option(names = "--train-fraction", description = "share of impressions (earliest first) used for training (default ${DEFAULT-VALUE})")
        double trainFraction = 0.7;
        @Option(names = "--online-days", description = "days served by the re-ranker against a twin shop served by the blend (0: offline only; default ${DEFAULT-VALUE})")
        int onlineDays = 7;

        @Override
        public Integer call() throws IOException {
            ObjectNode r = LtrStudy.run(common.config(3000, 600, 4, 10, 0.3, 8), exploration, trainFraction,
                    onlineDays);
            common.write("ltr", r, Summaries.ltr(r));
            return 0;
        }
    }

    public static void main(String[] args) {
        Logging.configure(ServerConfig.LogFormat.TEXT, "WARN");
        System.exit(new CommandLine(new SimulateCli()).execute(args));
    }
}
