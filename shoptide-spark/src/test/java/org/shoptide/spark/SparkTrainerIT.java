package org.shoptide.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LineItem;
import org.shoptide.core.model.ModelFormat;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.port.ModelStore.ModelInfo;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.eventlog.SegmentEventLog;
import org.shoptide.embedded.model.DirectoryModelStore;
import org.shoptide.engine.EngineConfig;
import org.shoptide.lake.LakeLayout;
import org.shoptide.lake.LakeSink;
import org.shoptide.lake.spark.EventWeightTable;
import org.shoptide.lake.spark.SparkJava;
import org.shoptide.lake.spark.SparkTrainer;
import org.shoptide.testing.services.TestSpark;

/**
 * The whole path with the real Spark job: events appended to the embedded event log, copied to the lake by the sink,
 * ALS fitted by Spark 4.1.0 on a Java 17/21 child process, the model published to the directory model store and read
 * back. Skipped without a Java 17/21 runtime (fails under CI=true).
 */
class SparkTrainerIT {
    private static final ShopId SHOP = ShopId.of("spark-it");
    private static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void trainsOnSparkFromTheLakeAndPublishesAModelThatServes() throws Exception {
        Path java = TestSpark.require("a Java 17 or 21 runtime for the Spark job",
                () -> SparkJava.find(System.getenv()));
        String classpath = SparkTrainer.classpathOfModule(Path.of(System.getProperty("shoptide.spark.module", ".")));

        // two tastes: users g0-* view items a0..a9, users g1-* view b0..b9; everyone buys one item of their kind
        List<Event> events = new ArrayList<>();
        TrainingData data = new TrainingData();
        EngineConfig config = EngineConfig.defaults();
        for (int u = 0; u < 40; u++) {
            String group = u % 2 == 0 ? "a" : "b";
            String user = "g" + (u % 2) + "-" + u;
            for (int k = 0; k < 5; k++) {
                String item = group + ((u + k * 3) % 10);
                Instant t = T0.plusSeconds(u * 3600L + k * 60L);
                events.add(Event.ofItem(EventType.VIEW, user, item, t));
                data.add(user, item, EventType.VIEW, (float) config.weight(EventType.VIEW), t.toEpochMilli());
            }
            String bought = group + (u % 10);
            Instant t = T0.plusSeconds(u * 3600L + 600);
            events.add(new Event(null, EventType.PURCHASE, null, user, null, null, t, null, null, null, "o" + u,
                    List.of(new LineItem(bought, 9.5, 2, "EUR")), null, null, null));
            data.add(user, bought, EventType.PURCHASE, (float) (config.weight(EventType.PURCHASE) * 2),
                    t.toEpochMilli());
        }
        // an anonymous visitor later merged into g0-0: its view counts for g0-0 in Spark through the alias file
        Instant ta = T0.plusSeconds(50 * 3600L);
        events.add(new Event(null, EventType.VIEW, null, null, "anon-7", null, ta, "a5", null, null, null, null, null,
                null, null));
        data.add("g0-0", "a5", EventType.VIEW, 1, ta.toEpochMilli());

        LakeLayout lake = new LakeLayout(dir.resolve("lake"));
        try (SegmentEventLog log = SegmentEventLog.open(dir.resolve("log"))) {
            log.append(SHOP, events).get(30, TimeUnit.SECONDS);
            try (LakeSink sink = LakeSink.start(log, SHOP, lake,
                    new LakeSink.Options(64, Duration.ofDays(1), Duration.ZERO, Clock.systemUTC()))) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (sink.committedPosition() + sink.buffered() < events.size() && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                sink.flush();
                assertThat(sink.committedPosition()).isEqualTo(events.size());
            }
        }

        SparkTrainer trainer = new SparkTrainer(new SparkTrainer.Settings("local[2]", java, classpath, lake.root(),
                dir.resolve("work"), Duration.ofMinutes(8), "1g", 2));
        TrainingParams params = TrainingParams.defaults().withRank(8).withIterations(6).withThreads(1);
        Shop shop = new Shop(SHOP, "IT", T0, "p", "s", Map.of(), null, 0, 0, false);
        SparkTrainer.Trained trained = trainer.train(SHOP, data, params, Map.of(), T0.plus(Duration.ofDays(3)),
                EventWeightTable.of(config, shop), Map.of("anon-7", "g0-0"), T0.minus(Duration.ofDays(1)), null);
        DirectoryModelStore store = new DirectoryModelStore(dir.resolve("models"));
        ModelInfo info = SparkTrainer.publish(store, SHOP, trained, Map.of("events", Integer.toString(events.size())));
        assertThat(info.version()).isEqualTo(1);
        assertThat(store.latest(SHOP).orElseThrow().metadata()).containsEntry("trainer", "spark")
                .containsEntry("spark.users", "40").containsEntry("spark.items", "20")
                .containsEntry("spark.foldedInUsers", "0").containsEntry("spark.itemsWithoutFactors", "0")
                .containsEntry("spark.sparkVersion", "4.1.0");

        ShopModel m;
        try (InputStream in = store.open(SHOP, 1)) {
            m = ModelFormat.read(in);
        }
        assertThat(m.rank()).isEqualTo(8);
        assertThat(m.itemCount()).isEqualTo(20);
        // ids are mapped: every user has a non-zero Spark vector, and it scores the items of their own taste first
        int correct = 0;
        float[] scores = new float[m.itemCount()];
        for (int u = 0; u < 40; u++) {
            String user = "g" + (u % 2) + "-" + u;
            float[] v = m.userVector(m.userIndex(user));
            assertThat(v).isNotNull();
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertThat(norm).isGreaterThan(0);
            m.scoreItems(v, scores);
            int best = 0;
            for (int i = 1; i < scores.length; i++) {
                if (scores[i] > scores[best]) {
                    best = i;
                }
            }
            if (m.itemId(best).startsWith(u % 2 == 0 ? "a" : "b")) {
                correct++;
            }
        }
        assertThat(correct).isEqualTo(40);
        // the rest of the model comes from the in-process pieces, as for the in-process trainer
        assertThat(m.stats()).containsKeys("ms.popularity", "ms.cooccurrence", "als.lambda");

        // a shop with no lake partition: the job says so and the trainer reports it
        assertThatThrownBy(() -> trainer.train(ShopId.of("empty"), data, params, Map.of(), T0,
                EventWeightTable.of(config, shop), Map.of(), null, null))
                        .isInstanceOf(SparkTrainer.SparkTrainingException.class)
                        .hasMessageContaining("nothing to train on")
                        .hasMessageContaining("no partition for shop empty");
    }
}
