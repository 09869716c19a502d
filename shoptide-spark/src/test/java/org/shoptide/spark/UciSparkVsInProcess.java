package org.shoptide.spark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.core.algo.ModelTrainer;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.EngineConfig;
import org.shoptide.eval.data.Interactions;
import org.shoptide.eval.data.ProductionWeights;
import org.shoptide.eval.data.UciRetail;
import org.shoptide.eval.metrics.Evaluator;
import org.shoptide.eval.metrics.MetricSet;
import org.shoptide.eval.metrics.Ranker;
import org.shoptide.eval.protocol.Split;
import org.shoptide.eval.protocol.Temporal;
import org.shoptide.lake.LakeLayout;
import org.shoptide.lake.LakeWriter;
import org.shoptide.lake.spark.EventWeightTable;
import org.shoptide.lake.spark.SparkJava;
import org.shoptide.lake.spark.SparkTrainer;

/**
 * The measurement of docs/BENCHMARKS.md "Training on Spark": UCI Online Retail, the evaluation harness's temporal split
 * (test: train before the cut, targets after), the training rows written to a Parquet lake as purchase events, then the
 * same model trained twice with the same {@link TrainingParams}: ALS in this process ({@link ModelTrainer}) and ALS
 * from the Spark job ({@link SparkTrainer}). Both models are scored by the harness's {@link Evaluator} (full ranking,
 * Recall@k = hits / min(k, |T|)) on the variants "all" and "new".
 *
 * <pre>
 * java ... org.shoptide.spark.UciSparkVsInProcess CSV CUT RANK ITERATIONS LAMBDA ALPHA THREADS WORKDIR
 * </pre>
 */
public final class UciSparkVsInProcess {
    private static final ShopId SHOP = ShopId.of("uci");

    private UciSparkVsInProcess() {
    }

    public static void main(String[] a) throws Exception {
        Path csv = Path.of(a[0]);
        Instant cut = Instant.parse(a[1] + "T00:00:00Z");
        TrainingParams params = TrainingParams.defaults().withRank(Integer.parseInt(a[2]))
                .withIterations(Integer.parseInt(a[3])).withThreads(Integer.parseInt(a[6]))
                .withRegularization(Float.parseFloat(a[4]), 1f, 1f).withAlpha(Float.parseFloat(a[5]));
        Path work = Path.of(a[7]);
        Interactions data = UciRetail.load(csv, ProductionWeights.defaults());
        Split test = new Temporal(cut, null).split(data).test();
        TrainingData td = test.trainingData();
        System.out.printf("split: %d training rows, %d users, %d items, %d cases%n", test.trainSize(), td.userCount(),
                td.itemCount(), test.cases().size());

        // the training rows as events in the lake; the Spark job weighs them with the engine's weights
        EngineConfig config = EngineConfig.defaults();
        ProductionWeights pw = new ProductionWeights(config);
        LakeLayout lake = new LakeLayout(work.resolve("lake"));
        int mismatched = 0;
        long tl = System.nanoTime();
        try (LakeWriter w = new LakeWriter(lake)) {
            List<LoggedEvent> batch = new ArrayList<>();
            for (int k = 0; k < test.trainSize(); k++) {
                int r = test.trainRow(k);
                EventType type = data.type(r);
                String user = data.userId(data.user(r));
                String item = data.itemId(data.item(r));
                Instant t = Instant.ofEpochMilli(data.time(r));
                Event e;
                if (type == EventType.PURCHASE || type == EventType.REFUND) {
                    e = new Event(null, type, null, user, null, null, t, null, null, null, "row-" + r,
                            List.of(new LineItem(item, data.price(r), data.quantity(r), "GBP")), null, null, null);
                } else {
                    e = Event.ofItem(type, user, item, t);
                }
                if (pw.weight(type, data.value(r), data.quantity(r)) != data.weight(r)) {
                    mismatched++;
                }
                batch.add(new LoggedEvent(k, e));
                if (batch.size() == 100_000) {
                    w.write(SHOP, batch);
                    batch.clear();
                }
            }
            w.write(SHOP, batch);
        }
        System.out.printf("lake: %d events written in %d ms; rows whose event weight differs from the harness's: %d%n",
                test.trainSize(), (System.nanoTime() - tl) / 1_000_000, mismatched);

        Instant now = Instant.ofEpochMilli(test.clockMillis());
        long t0 = System.nanoTime();
        ShopModel inProcess = ModelTrainer.train(td, params, Map.of(), now);
        long inProcessMillis = (System.nanoTime() - t0) / 1_000_000;

        Shop shop = new Shop(SHOP, "uci", now, "p", "s", Map.of(), null, 0, 0, false);
        SparkTrainer trainer = new SparkTrainer(new SparkTrainer.Settings("local[" + params.threads() + "]",
                SparkJava.find(System.getenv()), SparkTrainer.classpathOfModule(Path.of(".")), lake.root(),
                work.resolve("runs"), Duration.ofMinutes(30), "4g", params.threads()));
        long t1 = System.nanoTime();
        SparkTrainer.Trained spark = trainer.train(SHOP, td, params, Map.of(), now, EventWeightTable.of(config, shop),
                Map.of(), null, null);
        long sparkMillis = (System.nanoTime() - t1) / 1_000_000;

        Evaluator ev = new Evaluator(params.threads());
        Map<String, MetricSet> a1 = ev.evaluate(test, ranker(inProcess, test));
        Map<String, MetricSet> a2 = ev.evaluate(test, ranker(spark.model(), test));
        System.out.printf("params: rank %d, iterations %d, lambda %s, alpha %s, threads %d, cgSteps %d%n",
                params.rank(), params.iterations(), params.lambda(), params.alpha(), params.threads(),
                params.cgSteps());
        for (String variant : a1.keySet()) {
            System.out.printf(
                    "%-4s in-process: R@20 %.4f NDCG@20 %.4f R@10 %.4f | spark: R@20 %.4f NDCG@20 %.4f"
                            + " R@10 %.4f (%d users)%n",
                    variant, a1.get(variant).get("recall@20"), a1.get(variant).get("ndcg@20"),
                    a1.get(variant).get("recall@10"), a2.get(variant).get("recall@20"), a2.get(variant).get("ndcg@20"),
                    a2.get(variant).get("recall@10"), a1.get(variant).users());
        }
        Map<String, String> times = new LinkedHashMap<>();
        times.put("inProcess.totalMs", Long.toString(inProcessMillis));
        times.put("inProcess.alsMs", inProcess.stats().get("ms.als"));
        times.put("spark.totalMs", Long.toString(sparkMillis));
        times.put("spark.alsMs (job wall, launch to factors mapped)", spark.model().stats().get("ms.als"));
        spark.report().forEach((k, v) -> times.put(k, v));
        times.forEach((k, v) -> System.out.println(k + " = " + v));
    }

    /** Scores every dataset item by the model's user and item factors (unknown items last). */
    static Ranker.Scores ranker(ShopModel m, Split split) {
        Interactions d = split.data();
        int[] toModel = new int[d.itemCount()];
        for (int i = 0; i < toModel.length; i++) {
            toModel[i] = m.itemIndex(d.itemId(i));
        }
        ThreadLocal<float[]> buf = ThreadLocal.withInitial(() -> new float[m.itemCount()]);
        return (c, out) -> {
            int u = m.userIndex(d.userId(c.user()));
            if (u < 0) {
                return;
            }
            float[] s = buf.get();
            Arrays.fill(s, 0f);
            m.scoreItems(m.userVector(u), s);
            for (int i = 0; i < toModel.length; i++) {
                if (toModel[i] >= 0) {
                    out[i] = s[toModel[i]];
                }
            }
        };
    }
}
