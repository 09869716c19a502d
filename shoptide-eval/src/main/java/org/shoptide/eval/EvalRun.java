package org.shoptide.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.shoptide.engine.EngineConfig;
import org.shoptide.eval.data.Datasets;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.data.ProductionWeights;
import org.shoptide.eval.metrics.Evaluator;
import org.shoptide.eval.metrics.MetricSet;
import org.shoptide.eval.model.Contender;
import org.shoptide.eval.model.EngineBlend;
import org.shoptide.eval.model.MemoryProbe;
import org.shoptide.eval.model.RegistryModel;
import org.shoptide.eval.model.SearchSpace;
import org.shoptide.eval.protocol.LeaveOneOut;
import org.shoptide.eval.protocol.Protocol;
import org.shoptide.eval.protocol.Split;
import org.shoptide.eval.protocol.Variant;
import org.shoptide.eval.report.Provenances;
import org.shoptide.eval.report.Reports;

/**
 * One evaluation run, what {@code shoptide eval run} executes: load the dataset, split it, then per model tune on the
 * validation split (seeded random search, every trial recorded), retrain the best parameters on the test split's
 * training data, score the test split once, and build the report.
 */
public final class EvalRun {

    /**
     * Settings of a run.
     *
     * @param models
     *            registry names ({@code Algorithms.names()}) and {@code blend}
     * @param trials
     *            trials per model (1 = defaults only)
     * @param trialsPerModel
     *            overrides of {@code trials} by model
     * @param fixedParams
     *            per model, parameters fixed for every trial (not searched)
     * @param sampleUsers
     *            evaluate on a seeded sample of this many users (null: all)
     * @param objective
     *            the validation metric maximised, e.g. {@code ndcg@10}
     * @param objectiveVariant
     *            the variant whose metric is maximised (null: the split's first)
     * @param engineConfig
     *            the server's engine configuration (event weights, blend), used for the weights of every model and by
     *            {@code blend}
     * @param categorizer
     *            title to category path for the engine's catalog, or null
     * @param tempRoot
     *            where the engine's temporary directories go, or null
     * @param command
     *            the command line, recorded in the report
     * @param repo
     *            directory whose git commit is recorded
     */
    public record Options(Datasets.Spec dataset, Protocol protocol, List<String> models, int trials,
            Map<String, Integer> trialsPerModel, long seed, int threads, Map<String, Map<String, String>> fixedParams,
            Integer sampleUsers, String objective, String objectiveVariant, EngineConfig engineConfig,
            Function<String, List<String>> categorizer, Path tempRoot, String command, Path repo) {
        public Options {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(protocol, "protocol");
            models = List.copyOf(models);
            trialsPerModel = Map.copyOf(trialsPerModel);
            fixedParams = Map.copyOf(fixedParams);
            Objects.requireNonNull(engineConfig, "engineConfig");
            if (models.isEmpty()) {
                throw new IllegalArgumentException("--models names no model");
            }
            if (trials < 1 || trialsPerModel.values().stream().anyMatch(t -> t < 1)) {
                throw new IllegalArgumentException("--trials must be >= 1");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be >= 1");
            }
            if (objective == null) {
                objective = protocol instanceof LeaveOneOut ? "ndcg@10" : "ndcg@20";
            }
            for (String m : trialsPerModel.keySet()) {
                if (!models.contains(m)) {
                    throw new IllegalArgumentException("--trials names model '" + m + "', which --models lacks");
                }
            }
            for (String m : fixedParams.keySet()) {
                if (!models.contains(m)) {
                    throw new IllegalArgumentException("--param names model '" + m + "', which --models lacks");
                }
            }
        }
    }

    private EvalRun() {
    }

    /** The contender of a model name. */
    public static Contender contender(String name, Options o) {
        return name.equals(EngineBlend.NAME) ? new EngineBlend(o.engineConfig(), o.categorizer(), o.tempRoot())
                : new RegistryModel(name);
    }

    /** Loads and slices the dataset as the options say. */
    public static Interactions load(Options o) throws IOException {
        Interactions data = Datasets.load(o.dataset(), new ProductionWeights(o.engineConfig()));
        return o.sampleUsers() == null ? data : data.sampleUsers(o.sampleUsers(), o.seed());
    }

    /** Runs everything and returns the report (also written by {@link Reports#write} by the caller). */
    public static ObjectNode run(Options o, PrintStream log) throws Exception {
        List<Contender> contenders = new ArrayList<>();
        for (String name : o.models()) {
            Contender c = contender(name, o);
            Map<String, String> defaults = c.defaults(o.threads(), o.seed());
            for (String key : o.fixedParams().getOrDefault(name, Map.of()).keySet()) {
                if (!defaults.containsKey(key)) {
                    throw new IllegalArgumentException(
                            "model '" + name + "' has no parameter '" + key + "'; known: " + defaults.keySet());
                }
            }
            contenders.add(c);
        }
        long t0 = System.nanoTime();
        Interactions data = load(o);
        log.printf(Locale.ROOT, "Loaded %s: %,d rows, %,d users, %,d items (%.1f s)%n", o.dataset(), data.size(),
                data.userCount(), data.itemCount(), (System.nanoTime() - t0) / 1e9);
        Protocol.Splits splits = o.protocol().split(data);
        String variant = o.objectiveVariant() != null ? o.objectiveVariant()
                : splits.validation().variants().get(0).name();
        if (splits.validation().variants().stream().noneMatch(v -> v.name().equals(variant))) {
            throw new IllegalArgumentException("--objective variant '" + variant + "' is not one of "
                    + splits.validation().variants().stream().map(Variant::name).toList());
        }
        log.printf(Locale.ROOT, "Split %s: validation %,d users, test %,d users%n", o.protocol().name(),
                splits.validation().cases().size(), splits.test().cases().size());

        ObjectNode report = header(o, data, splits, variant);
        ArrayNode models = report.putArray("models");
        Evaluator evaluator = new Evaluator(o.threads());
        for (Contender c : contenders) {
            models.add(evaluate(c, o, splits, evaluator, variant, log));
        }
        return report;
    }

    static ObjectNode header(Options o, Interactions data, Protocol.Splits splits, String variant) {
        ObjectNode r = Reports.JSON.createObjectNode();
        r.put("format", Reports.FORMAT);
        r.put("createdAt", Instant.now().toString());
        if (o.command() != null) {
            r.put("command", o.command());
        }
        Provenances.git(r.putObject("shoptide"), o.repo() == null ? Path.of(".") : o.repo());
        Provenances.environment(r.putObject("environment"), o.threads());
        dataset(r.putObject("dataset"), o.dataset().toString(), data, o.sampleUsers());
        ObjectNode p = r.putObject("protocol");
        p.put("name", o.protocol().name());
        ObjectNode settings = p.putObject("settings");
        o.protocol().describe().forEach((k, v) -> settings.put(k, String.valueOf(v)));
        ObjectNode sp = p.putObject("splits");
        facts(sp.putObject("validation"), splits.validation());
        facts(sp.putObject("test"), splits.test());
        r.put("seed", o.seed());
        ObjectNode tuning = r.putObject("tuning");
        tuning.put("objective", o.objective());
        tuning.put("variant", variant);
        tuning.put("split", "validation");
        ObjectNode trials = tuning.putObject("trials");
        for (String m : o.models()) {
            trials.put(m, o.trialsPerModel().getOrDefault(m, o.trials()));
        }
        return r;
    }

    /** The dataset section of a report or split description. */
    public static void dataset(ObjectNode d, String spec, Interactions data, Integer sampleUsers) {
        Interactions.Provenance pv = data.provenance();
        d.put("spec", spec);
        d.put("format", pv.format());
        d.put("path", pv.path());
        d.put("sha256", pv.sha256());
        d.put("contentSha256", pv.contentSha256());
        d.put("bytes", pv.bytes());
        d.put("rows", data.size());
        d.put("users", data.userCount());
        d.put("items", data.itemCount());
        d.put("realTimestamps", pv.realTimestamps());
        if (sampleUsers == null) {
            d.putNull("sampleUsers");
        } else {
            d.put("sampleUsers", sampleUsers);
        }
        ObjectNode cl = d.putObject("cleaning");
        pv.cleaning().forEach(cl::put);
    }

    private static void facts(ObjectNode into, Split s) {
        s.facts().forEach((k, v) -> {
            if (v instanceof Number n) {
                into.put(k, n.longValue());
            } else {
                into.put(k, String.valueOf(v));
            }
        });
    }

    private static ObjectNode evaluate(Contender c, Options o, Protocol.Splits splits, Evaluator evaluator,
            String variant, PrintStream log) throws Exception {
        String name = c.name();
        ObjectNode m = Reports.JSON.createObjectNode();
        m.put("name", name);
        m.put("kind", c.kind());
        Map<String, String> defaults = c.defaults(o.threads(), o.seed());
        ObjectNode d = m.putObject("defaults");
        defaults.forEach(d::put);
        Map<String, String> fixed = o.fixedParams().getOrDefault(name, Map.of());
        int n = o.trialsPerModel().getOrDefault(name, o.trials());
        List<Map<String, String>> candidates = SearchSpace.trials(name, defaults, fixed, n, o.seed());
        ObjectNode space = m.putObject("searchSpace");
        SearchSpace.of(name).forEach((k, v) -> {
            if (!fixed.containsKey(k)) {
                space.put(k, String.join("|", v));
            }
        });
        ArrayNode trials = m.putArray("trials");
        // exact leave-one-out trains both splits on the same rows: the best trial's model is kept and ranks the test
        boolean shared = splits.test().sameTraining(splits.validation());
        Map<String, String> best = candidates.get(0);
        Contender.Trained kept = null;
        ObjectNode keptTest = null;
        ObjectNode test;
        Map<String, MetricSet> metrics;
        try {
            if (candidates.size() == 1) {
                m.put("tuningNote",
                        n == 1 ? "One trial requested: the defaults (with any --param), not scored on validation."
                                : "Nothing to tune: the defaults (with any --param), not scored on validation.");
                m.putObject("best").put("trial", 0);
            } else {
                double bestObjective = Double.NEGATIVE_INFINITY;
                int bestTrial = 0;
                for (int t = 0; t < candidates.size(); t++) {
                    Map<String, String> params = candidates.get(t);
                    MemoryProbe probe = shared ? MemoryProbe.start() : null;
                    Contender.Trained trained = c.train(splits.validation(), params);
                    ObjectNode measured = shared ? measured(trained, probe) : null;
                    Map<String, MetricSet> validation;
                    try {
                        validation = evaluator.evaluate(splits.validation(), trained.ranker(splits.validation()));
                    } catch (Exception | Error e) {
                        trained.close();
                        throw e;
                    }
                    double objective = validation.get(variant).get(o.objective());
                    ObjectNode tn = trials.addObject();
                    tn.put("trial", t + 1);
                    ObjectNode pn = tn.putObject("params");
                    params.forEach(pn::put);
                    tn.put("objective", objective);
                    tn.put("trainMillis", trained.trainMillis());
                    tn.set("validation", Reports.metrics(validation));
                    log.printf(Locale.ROOT, "[%s] trial %d/%d: %s %.4f (train %.1f s)%n", name, t + 1,
                            candidates.size(), o.objective(), objective, trained.trainMillis() / 1000.0);
                    if (objective > bestObjective) {
                        bestObjective = objective;
                        bestTrial = t + 1;
                        best = params;
                        if (shared) {
                            if (kept != null) {
                                kept.close();
                            }
                            kept = trained;
                            keptTest = measured;
                            keptTest.put("reusedTrial", t + 1);
                            continue;
                        }
                    }
                    trained.close();
                }
                ObjectNode b = m.putObject("best");
                b.put("trial", bestTrial);
                b.put("objective", bestObjective);
            }
            if (kept == null) {
                MemoryProbe probe = MemoryProbe.start();
                kept = c.train(splits.test(), best);
                test = measured(kept, probe);
            } else {
                test = keptTest;
            }
            m.set("test", test);
            ObjectNode pn = test.putObject("params");
            best.forEach(pn::put);
            metrics = evaluator.evaluate(splits.test(), kept.ranker(splits.test()));
        } finally {
            if (kept != null) {
                kept.close();
            }
        }
        test.set("variants", Reports.metrics(metrics));
        for (Map.Entry<String, MetricSet> e : metrics.entrySet()) {
            MetricSet ms = e.getValue();
            log.printf(Locale.ROOT, "[%s] test %s: R@10 %.4f NDCG@10 %.4f R@20 %.4f NDCG@20 %.4f (train %.1f s)%n",
                    name, e.getKey(), ms.get("recall@10"), ms.get("ndcg@10"), ms.get("recall@20"), ms.get("ndcg@20"),
                    test.path("trainMillis").asLong() / 1000.0);
        }
        return m;
    }

    /** The test section's training facts of a model just trained: time, heap (from the probe) and its stats. */
    private static ObjectNode measured(Contender.Trained trained, MemoryProbe probe) {
        long peak = probe.peakBytes();
        ObjectNode test = Reports.JSON.createObjectNode();
        test.put("trainMillis", trained.trainMillis());
        test.put("peakHeapMiB", peak >> 20);
        test.put("baselineHeapMiB", probe.baselineBytes() >> 20);
        ObjectNode st = test.putObject("stats");
        trained.stats().forEach(st::put);
        return test;
    }

    /** Parses {@code --trials}: {@code N} or {@code N,model=M,...}. Returns the default and fills {@code perModel}. */
    public static int parseTrials(String spec, Map<String, Integer> perModel) {
        int n = 1;
        boolean sawDefault = false;
        for (String part : spec.split(",")) {
            String p = part.strip();
            try {
                int eq = p.indexOf('=');
                if (eq < 0) {
                    if (sawDefault) {
                        throw new IllegalArgumentException("--trials has two default counts: '" + spec + "'");
                    }
                    n = Integer.parseInt(p);
                    sawDefault = true;
                } else {
                    perModel.put(p.substring(0, eq).strip(), Integer.parseInt(p.substring(eq + 1).strip()));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--trials must be N or N,model=M,... (e.g. 10,als=4), got '" + spec + "'");
            }
        }
        return n;
    }

    /** Parses {@code --param model.key=value} options into per-model maps. */
    public static Map<String, Map<String, String>> parseParams(List<String> specs) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (String s : specs) {
            int dot = s.indexOf('.');
            int eq = s.indexOf('=');
            if (dot <= 0 || eq < dot + 2 || eq == s.length() - 1) {
                throw new IllegalArgumentException(
                        "--param must be model.key=value (e.g. als.rank=128), got '" + s + "'");
            }
            out.computeIfAbsent(s.substring(0, dot), k -> new LinkedHashMap<>()).put(s.substring(dot + 1, eq),
                    s.substring(eq + 1));
        }
        return out;
    }
}
