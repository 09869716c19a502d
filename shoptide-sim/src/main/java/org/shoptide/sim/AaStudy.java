package org.shoptide.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.shoptide.core.stats.Calibration;
import org.shoptide.core.stats.Difference;
import org.shoptide.core.stats.Inference;
import org.shoptide.core.stats.Interval;
import org.shoptide.core.stats.Moments;

/**
 * A/A calibration: many small experiments whose two variants serve the same model ({@code blend} against
 * {@code blend}), each on its own simulated shop (its own seed) of one server. If the server's intervals and p-values
 * are right, a fraction alpha of them come out significant, up to binomial noise, and their p-values are uniform.
 * <p>
 * Every metric's p-values are the server's (its results API). Beside them, from the same simulated experiments, the
 * order- and impression-level tests the server used before it analysed ratios per visitor: CTR by the pooled
 * two-proportion z-test on the server's impression counts, AOV by Welch's test on the order values the simulator sent
 * (its orders equal the server's; {@code SimulationEndToEndTest}). A metric passes when its false-positive rate lies in
 * the exact binomial 95 % range of alpha and the Kolmogorov–Smirnov test does not reject uniform p-values at
 * {@value #KS_LEVEL}.
 * <p>
 * Shops run in waves of {@code waveSize}: the shops of a wave share the simulated days (one clock), their sessions
 * interleaved, so a wave is one multi-shop load on the server.
 */
public final class AaStudy {
    /** Metrics whose difference is tested. */
    public static final List<String> METRICS = List.of("conversionRate", "revenuePerVisitor", "ctr", "aov");
    /** Level of the KS test of uniform p-values (below it the p-values count as not uniform). */
    public static final double KS_LEVEL = 0.01;
    /** Name of each metric's former, observation-level test in the result. */
    private static final List<String> BEFORE = List.of("ctr", "aov");

    private AaStudy() {
    }

    /**
     * Runs A/A experiments and reports how often they show a significant difference.
     *
     * @param runs
     *            number of A/A experiments (shops)
     * @param waveSize
     *            shops run together
     * @param alpha
     *            significance level
     * @param progress
     *            receives the result so far after each wave but the last (a long study can be read while it runs)
     */
    public static ObjectNode run(StudyConfig c, int runs, int waveSize, double alpha, Consumer<ObjectNode> progress) {
        if (runs < 1 || waveSize < 1 || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("runs >= 1, waveSize >= 1, alpha in (0, 1)");
        }
        long t0 = System.nanoTime();
        Map<String, List<Double>> pValues = new LinkedHashMap<>();
        METRICS.forEach(m -> pValues.put(m, new ArrayList<>()));
        Map<String, List<Double>> before = new LinkedHashMap<>();
        BEFORE.forEach(m -> before.put(m, new ArrayList<>()));
        List<Double> srm = new ArrayList<>();
        ArrayNode perRun = ShopClient.JSON.createArrayNode();
        int sessions = 0;
        SimClock clock = new SimClock(c.options().start());
        try (SimServer server = SimServer.start(clock, c.serverConfig())) {
            for (int first = 0; first < runs; first += waveSize) {
                int wave = first / waveSize;
                // each wave lives on its own days, after the previous wave's
                Simulation.Options options = c.options().withStart(
                        c.options().start().plus(Duration.ofDays((long) wave * (c.warmupDays() + c.days() + 1))));
                List<Simulation> sims = new ArrayList<>();
                List<Integer> runIds = new ArrayList<>();
                for (int r = first; r < Math.min(runs, first + waveSize); r++) {
                    long seed = c.seed() + 7919L * r;
                    ShopClient shop = server.createShop("aa-" + r);
                    Simulation sim = new Simulation(ShopWorld.generate(c.world(seed)), c.choice(), shop, clock, seed,
                            options);
                    sim.loadCatalog();
                    sims.add(sim);
                    runIds.add(r);
                }
                List<Tally> warm = sims.stream().map(s -> new Tally()).toList();
                if (c.warmupDays() > 0) {
                    sessions += Simulation.runDays(sims, warm, 0, c.warmupDays(), true, c.parallelism());
                } else {
                    sims.forEach(s -> s.shop().train());
                }
                List<String> ids = new ArrayList<>();
                for (Simulation s : sims) {
                    ids.add(Experiments.createAndStart(s.shop(), "A/A",
                            List.of(Experiments.Variant.of("a", 50, "blend"), Experiments.Variant.of("b", 50, "blend")),
                            0.0));
                }
                List<Tally> tallies = sims.stream().map(s -> new Tally()).toList();
                sessions += Simulation.runDays(sims, tallies, c.warmupDays(), c.days(), true, c.parallelism());
                for (int i = 0; i < sims.size(); i++) {
                    JsonNode res = Experiments.results(sims.get(i).shop(), ids.get(i));
                    Experiments.stop(sims.get(i).shop(), ids.get(i));
                    JsonNode b = Experiments.variants(res).get("b");
                    ObjectNode row = perRun.addObject().put("run", runIds.get(i)).put("experimentId", ids.get(i));
                    for (String m : METRICS) {
                        JsonNode p = b == null ? null : Experiments.difference(b, m).path("pValue");
                        if (p != null && p.isNumber()) {
                            pValues.get(m).add(p.asDouble());
                            row.put(m + "PValue", p.asDouble());
                        }
                    }
                    JsonNode srmP = res.path("srm").path("pValue");
                    if (srmP.isNumber()) {
                        srm.add(srmP.asDouble());
                        row.put("srmPValue", srmP.asDouble());
                    }
                    Map<String, Tally.Arm> arms = tallies.get(i).arms();
                    JsonNode a = Experiments.variants(res).get("a");
                    if (a != null && b != null) {
                        Difference ctr = Inference.proportionDifference(a.path("clickedImpressions").asLong(),
                                a.path("impressions").asLong(), b.path("clickedImpressions").asLong(),
                                b.path("impressions").asLong());
                        Difference aov = Inference.meanDifference(orderValues(arms, "a"), orderValues(arms, "b"));
                        addBefore(before, row, "ctr", ctr.pValue());
                        addBefore(before, row, "aov", aov.pValue());
                    }
                    row.put("visitorsA", arms.containsKey("a") ? arms.get("a").visitors() : 0);
                    row.put("visitorsB", arms.containsKey("b") ? arms.get("b").visitors() : 0);
                }
                int done = Math.min(runs, first + waveSize);
                System.err.printf("A/A: %d of %d runs done%n", done, runs);
                if (done < runs) {
                    progress.accept(
                            summary(c, done, runs, waveSize, alpha, sessions, pValues, before, srm, perRun, t0));
                }
            }
        }
        return summary(c, runs, runs, waveSize, alpha, sessions, pValues, before, srm, perRun, t0);
    }

    /** The study's result after {@code done} of {@code runs} experiments. */
    private static ObjectNode summary(StudyConfig c, int done, int runs, int waveSize, double alpha, int sessions,
            Map<String, List<Double>> pValues, Map<String, List<Double>> before, List<Double> srm, ArrayNode perRun,
            long t0) {
        ObjectNode out = ShopClient.JSON.createObjectNode();
        out.put("study", "aa");
        out.set("config", c.toJson());
        out.put("runs", done).put("runsPlanned", runs).put("waveSize", waveSize).put("alpha", alpha).put("sessions",
                sessions);
        out.put("ksLevel", KS_LEVEL);
        ObjectNode summary = out.putObject("significantFraction");
        boolean calibrated = true;
        for (Map.Entry<String, List<Double>> e : pValues.entrySet()) {
            if (e.getValue().isEmpty()) {
                calibrated = false;
                continue;
            }
            calibrated &= describe(summary.putObject(e.getKey()), e.getValue(), alpha);
        }
        ObjectNode old = out.putObject("beforePerVisitorAnalysis");
        old.put("ctr", "impressions as independent trials: pooled two-proportion z-test");
        old.put("aov", "orders as independent observations: Welch's t-test on order values");
        for (Map.Entry<String, List<Double>> e : before.entrySet()) {
            if (!e.getValue().isEmpty()) {
                describe(old.putObject(e.getKey() + "Result"), e.getValue(), alpha);
            }
        }
        if (!srm.isEmpty()) {
            long flagged = srm.stream().filter(p -> p < 0.001).count();
            out.putObject("srm").put("runs", srm.size()).put("mismatchFlagged", flagged);
        }
        out.put("calibrated", calibrated && !summary.isEmpty());
        out.set("perRun", perRun);
        double wall = (System.nanoTime() - t0) / 1e9;
        out.put("wallSeconds", Math.round(wall * 10) / 10.0).put("secondsPerRun",
                Math.round(wall / done * 100) / 100.0);
        return out;
    }

    private static Moments orderValues(Map<String, Tally.Arm> arms, String variant) {
        Tally.Arm arm = arms.get(variant);
        return arm == null ? Moments.EMPTY : arm.orderValues();
    }

    private static void addBefore(Map<String, List<Double>> before, ObjectNode row, String metric, double p) {
        if (!Double.isNaN(p)) {
            before.get(metric).add(p);
            row.put(metric + "PValueBefore", p);
        }
    }

    /**
     * Fills in the significant fraction with its Wilson 95 % interval, the exact binomial 95 % range of alpha for this
     * many runs, and a Kolmogorov–Smirnov test of uniformity; true when the rate is inside the range and the KS test
     * does not reject at {@link #KS_LEVEL}.
     */
    static boolean describe(ObjectNode m, List<Double> p, double alpha) {
        int n = p.size();
        long k = p.stream().filter(x -> x < alpha).count();
        double[] ci = wilson(k, n);
        double[] ks = ksUniform(p);
        Interval range = Calibration.binomialRange(alpha, n);
        double rate = k / (double) n;
        m.put("runs", n).put("significant", k).put("rate", rate);
        m.putArray("ci95").add(ci[0]).add(ci[1]);
        m.putArray("binomialRange").add(range.lo()).add(range.hi());
        m.put("ksStatistic", ks[0]).put("ksPValue", ks[1]);
        boolean within = rate >= range.lo() && rate <= range.hi();
        boolean uniform = ks[1] >= KS_LEVEL;
        m.put("withinAlpha", within).put("uniform", uniform).put("pass", within && uniform);
        return within && uniform;
    }

    /** Wilson score interval for k successes in n trials, 95 %. */
    static double[] wilson(long k, int n) {
        double z = 1.959963984540054;
        double ph = k / (double) n;
        double den = 1 + z * z / n;
        double centre = (ph + z * z / (2.0 * n)) / den;
        double half = z * Math.sqrt(ph * (1 - ph) / n + z * z / (4.0 * n * n)) / den;
        return new double[] { Math.max(0, centre - half), Math.min(1, centre + half) };
    }

    /** One-sample Kolmogorov–Smirnov test against U(0,1): {D, asymptotic p-value} ({@link Calibration#ksUniform}). */
    static double[] ksUniform(List<Double> values) {
        Calibration.KsTest ks = Calibration.ksUniform(values.stream().mapToDouble(Double::doubleValue).toArray());
        return new double[] { ks.statistic(), ks.pValue() };
    }
}
