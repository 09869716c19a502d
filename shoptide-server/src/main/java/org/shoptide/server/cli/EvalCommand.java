package org.shoptide.server.cli;

import org.shoptide.assistant.nlu.TestSet;
import org.shoptide.assistant.nlu.ShippedLexicon;
import org.shoptide.assistant.nlu.RuleIntentParser;
import org.shoptide.assistant.nlu.Language;
import org.shoptide.assistant.nlu.AssistantEvaluation;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.io.Reader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.shoptide.core.algo.Algorithms;
import org.shoptide.eval.EvalRun;
import org.shoptide.eval.ExternalScore;
import org.shoptide.eval.ExternalSplit;
import org.shoptide.eval.data.Datasets;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.metrics.MetricSet;
import org.shoptide.eval.model.EngineBlend;
import org.shoptide.eval.protocol.Protocol;
import org.shoptide.eval.report.Reports;
import org.shoptide.server.Logging;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.demo.OnlineRetail;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code shoptide eval}: the offline evaluation harness ({@code shoptide-eval}, see {@code docs/EVALUATION.md}). The
 * models are trained by the same registry the server uses, and {@code blend} is the server's engine itself, configured
 * from the same configuration file as {@code serve}.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Offline evaluation: run, export-split, score-external, assistant.", subcommands = {
        EvalCommand.Run.class, EvalCommand.ExportSplit.class, EvalCommand.ScoreExternal.class,
        EvalCommand.Assistant.class })
final class EvalCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    ShoptideCli root;

    @Override
    public Integer call() {
        new CommandLine(this).usage(root.out());
        return 2;
    }

    /** The dataset and protocol options shared by run and export-split (a picocli mixin). */
    static final class SplitOptions {
        @Option(names = "--dataset", required = true, paramLabel = "FORMAT:PATH", description = "sasrec:PATH (user item per line), s3rec:PATH (user item1 item2 ... per line), uci:PATH (UCI Online Retail CSV) or events:PATH (Shoptide event export, JSON lines); .xz is read directly.")
        String dataset;

        @Option(names = "--protocol", required = true, description = "loo (leave-one-out as SASRec/gSASRec: train on items[:-2], test history items[:-1], full ranking), loo-retrain (the test split retrains on items[:-1]) or temporal (train before --cut).")
        String protocol;

        @Option(names = "--cut", paramLabel = "DATE", description = "temporal: first instant of the test window (2011-09-01 = midnight UTC, or an ISO instant).")
        String cut;

        @Option(names = "--validation-cut", paramLabel = "DATE", description = "temporal: the validation cut (default: as far before --cut as the test window is long).")
        String validationCut;

        @Option(names = "--sample-users", paramLabel = "N", description = "Evaluate on a seeded sample of N users (a slice; default: all).")
        Integer sampleUsers;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of the user sample, the search and the models (default: ${DEFAULT-VALUE}).")
        long seed;
    }

    static Function<String, List<String>> categorizer(Datasets.Spec spec) {
        return spec.format().equals("uci") ? title -> List.of(OnlineRetail.categoryOf(title)) : null;
    }

    static Path repo() {
        return Path.of(System.getProperty("shoptide.home", "."));
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = {
            "Tunes each model on the validation split, scores the best on the test split, writes report.md and report.json.",
            "Example: shoptide eval run --dataset sasrec:../shared/datasets/ml-1m-sasrec/ml-1m.txt.xz --protocol loo "
                    + "--models popular,als,ease --trials 8 --out eval-ml1m" })
    static final class Run implements Callable<Integer> {
        @CommandLine.ParentCommand
        EvalCommand parent;

        @CommandLine.Mixin
        SplitOptions split;

        @Option(names = "--models", split = ",", description = "Models to evaluate (default: every registry model and blend; popular-leaky, most-popular counted on every row targets included, only when named).")
        List<String> models;

        @Option(names = "--trials", defaultValue = "1", description = "Trials of the random search per model: N, or N,model=M,... (default: ${DEFAULT-VALUE} = defaults only).")
        String trials;

        @Option(names = "--param", paramLabel = "MODEL.KEY=VALUE", description = "Fixes a parameter for every trial, e.g. als.rank=128 or blend.w.session=2 (repeatable).")
        List<String> params = new ArrayList<>();

        @Option(names = "--objective", description = "Validation metric to maximise, e.g. ndcg@10 or recall@20:new (default: ndcg@10 for loo, ndcg@20 on variant all for temporal).")
        String objective;

        @Option(names = "--threads", description = "CPU threads for training and scoring (default: available processors).")
        Integer threads;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where report.md and report.json go.")
        Path out;

        @Option(names = "--temp-dir", paramLabel = "DIR", description = "Where the engine's temporary data directories go (default: the system's).")
        Path tempDir;

        @Override
        public Integer call() throws Exception {
            ShoptideCli root = parent.root;
            ServerConfig c = root.config();
            Logging.configure(c.logFormat(), "WARN");
            SplitOptions s = split;
            Datasets.Spec spec = Datasets.parse(s.dataset);
            Map<String, Integer> perModel = new LinkedHashMap<>();
            int n = EvalRun.parseTrials(trials, perModel);
            List<String> names = models != null ? models : defaultModels();
            String metric = objective;
            String variant = null;
            if (objective != null && objective.contains(":")) {
                metric = objective.substring(0, objective.indexOf(':'));
                variant = objective.substring(objective.indexOf(':') + 1);
            }
            if (metric != null && !MetricSet.isKnown(metric)) {
                throw new IllegalArgumentException("--objective '" + objective
                        + "' names no metric; use recall@k, hr@k or ndcg@k (k = 5, 10, 20) or mrr");
            }
            EvalRun.Options o = new EvalRun.Options(spec, Protocol.parse(s.protocol, s.cut, s.validationCut), names, n,
                    perModel, s.seed, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                    EvalRun.parseParams(params), s.sampleUsers, metric, variant, Engines.engineConfig(c),
                    categorizer(spec), tempDir, String.join(" ", commandLine()), repo());
            ObjectNode report = EvalRun.run(o, root.err());
            Reports.write(report, out);
            root.out().println("Report: " + out.resolve("report.md") + " (and report.json)");
            return 0;
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private List<String> commandLine() {
            return spec.commandLine().getParseResult().originalArgs();
        }
    }

    static List<String> defaultModels() {
        List<String> m = new ArrayList<>(Algorithms.names());
        m.add(EngineBlend.NAME);
        return m;
    }

    @Command(name = "export-split", mixinStandardHelpOptions = true, description = {
            "Writes a split as train.tsv, targets.tsv, catalog.tsv and split.json, for models outside Shoptide (Spark).",
            "Score their predictions with 'shoptide eval score-external'." })
    static final class ExportSplit implements Callable<Integer> {
        @CommandLine.ParentCommand
        EvalCommand parent;

        @CommandLine.Mixin
        SplitOptions split;

        @Option(names = "--split", defaultValue = "test", description = "test or validation (default: ${DEFAULT-VALUE}).")
        String which;

        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Override
        public Integer call() throws Exception {
            ShoptideCli root = parent.root;
            ServerConfig c = root.config();
            SplitOptions s = split;
            if (!which.equals("test") && !which.equals("validation")) {
                throw new IllegalArgumentException("--split must be test or validation, got '" + which + "'");
            }
            Datasets.Spec spec = Datasets.parse(s.dataset);
            Protocol protocol = Protocol.parse(s.protocol, s.cut, s.validationCut);
            EvalRun.Options o = new EvalRun.Options(spec, protocol, List.of("popular"), 1, Map.of(), s.seed, 1,
                    Map.of(), s.sampleUsers, null, null, Engines.engineConfig(c), null, null, null, repo());
            Interactions data = EvalRun.load(o);
            Protocol.Splits splits = protocol.split(data);
            var chosen = which.equals("test") ? splits.test() : splits.validation();
            ExternalSplit.write(chosen, protocol, spec.toString(), s.sampleUsers, out);
            root.out().printf(Locale.ROOT, "Wrote the %s split to %s: %,d training rows, %,d evaluated users%n", which,
                    out, chosen.trainSize(), chosen.cases().size());
            return 0;
        }
    }

    @Command(name = "score-external", mixinStandardHelpOptions = true, description = {
            "Scores rankings made outside Shoptide on an exported split with the harness's metrics.",
            "FILE: one line per user, 'user<TAB>item1 item2 ...' best first, at most 100 items; optional FILE.meta.json "
                    + "{\"trainMillis\":...,\"params\":{...}}." })
    static final class ScoreExternal implements Callable<Integer> {
        @CommandLine.ParentCommand
        EvalCommand parent;

        @Option(names = "--split", required = true, paramLabel = "DIR", description = "A directory written by export-split.")
        Path splitDir;

        @Option(names = "--predictions", required = true, paramLabel = "FILE")
        Path predictions;

        @Option(names = "--name", required = true, description = "The row's name, e.g. spark-als.")
        String name;

        @Option(names = "--report", paramLabel = "DIR", description = "Adds the row to the report of an 'eval run --out DIR' on the same split.")
        Path report;

        @Option(names = "--threads", description = "CPU threads for scoring (default: available processors).")
        Integer threads;

        @Override
        public Integer call() throws Exception {
            ShoptideCli root = parent.root;
            ExternalSplit.Loaded loaded = ExternalSplit.read(splitDir);
            ObjectNode model = ExternalScore.score(loaded, predictions, name,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors());
            model.path("test").path("variants").properties().forEach(e -> {
                var m = e.getValue().path("metrics");
                root.out().printf(Locale.ROOT,
                        "%s %s: R@10 %.4f NDCG@10 %.4f R@20 %.4f NDCG@20 %.4f MRR@100 %.4f (%d users)%n", name,
                        e.getKey(), m.path("recall@10").asDouble(), m.path("ndcg@10").asDouble(),
                        m.path("recall@20").asDouble(), m.path("ndcg@20").asDouble(), m.path("mrr").asDouble(),
                        e.getValue().path("users").asLong());
            });
            if (report != null) {
                ExternalScore.addToReport(model, loaded, report);
                root.out().println("Added '" + name + "' to " + report.resolve("report.md"));
            }
            return 0;
        }
    }

    @Command(name = "assistant", mixinStandardHelpOptions = true, description = {
            "The assistant's language understanding on a test set: exact-match accuracy per field and language, and the "
                    + "parse latency (docs/ASSISTANT.md). Without options: the shipped test set.",
            "Exit status 1 when product type, price bounds or brands fall below --goal in any language." })
    static final class Assistant implements Callable<Integer> {
        @CommandLine.ParentCommand
        EvalCommand parent;

        @Option(names = "--vocabulary", paramLabel = "FILE", description = "A test set's vocabulary TSV (with --messages and --dialogs).")
        Path vocabulary;

        @Option(names = "--messages", paramLabel = "FILE")
        Path messages;

        @Option(names = "--dialogs", paramLabel = "FILE")
        Path dialogs;

        @Option(names = "--rounds", defaultValue = "20", description = "Timed parses of every message (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--goal", defaultValue = "0.95", description = "Accuracy goal (default ${DEFAULT-VALUE}).")
        double goal;

        @Option(names = "--failures", description = "Also print every mismatched field.")
        boolean failures;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ShoptideCli root = parent.root;
            TestSet set;
            if (vocabulary == null && messages == null && dialogs == null) {
                set = TestSet.shipped();
            } else if (vocabulary == null || messages == null || dialogs == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "give all of --vocabulary, --messages and --dialogs, or none for the shipped test set");
            } else {
                try (Reader v = Files.newBufferedReader(vocabulary, StandardCharsets.UTF_8);
                        Reader m = Files.newBufferedReader(messages, StandardCharsets.UTF_8);
                        Reader d = Files.newBufferedReader(dialogs, StandardCharsets.UTF_8)) {
                    set = TestSet.read(v, m, d);
                }
            }
            AssistantEvaluation.Report report = AssistantEvaluation
                    .evaluate(new RuleIntentParser(ShippedLexicon.load()), set, Math.max(1, rounds));
            root.out().print(report.table());
            if (failures) {
                report.failures().forEach(root.out()::println);
            }
            boolean met = true;
            for (Language l : report.total().keySet()) {
                for (String field : List.of("productType", "minPrice", "maxPrice", "brands")) {
                    if (report.accuracy(l, field) < goal) {
                        root.out().printf(Locale.ROOT, "below the goal: %s %s %.1f%%%n", l.code(), field,
                                100 * report.accuracy(l, field));
                        met = false;
                    }
                }
            }
            return met ? 0 : 1;
        }
    }
}
