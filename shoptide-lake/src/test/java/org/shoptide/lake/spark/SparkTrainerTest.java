package org.shoptide.lake.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.algo.ImplicitAls;
import org.shoptide.core.algo.TrainingData;
import org.shoptide.core.algo.TrainingParams;
import org.shoptide.core.event.EventType;
import org.shoptide.core.model.FoldIn;
import org.shoptide.core.model.ShopModel;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.EngineConfig;
import org.shoptide.testing.fake.InMemoryModelStore;

class SparkTrainerTest {
    private static final ShopId SHOP = ShopId.of("s1");
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final EventWeightTable WEIGHTS = new EventWeightTable(Map.of("view", 1.0, "purchase", 8.0), Map.of(),
            2.5, 1);

    @TempDir
    Path dir;

    private static TrainingData data() {
        TrainingData d = new TrainingData();
        d.add("u1", "a", EventType.VIEW, 1, 1);
        d.add("u1", "b", EventType.VIEW, 1, 2);
        d.add("u2", "b", EventType.VIEW, 1, 3);
        d.add("late", "a", EventType.PURCHASE, 8, 4); // newer than the lake: folded in
        d.add("u2", "new-item", EventType.VIEW, 1, 5); // newer than the lake: no factors
        return d;
    }

    /** A stand-in for the job's java: copies prepared factor files to --out, or fails / hangs as told. */
    private Path fakeJava(String body) throws IOException {
        Path home = dir.resolve("jdk17");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
        Path java = home.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\n" + "out=''\nwhile [ $# -gt 0 ]; do [ \"$1\" = --out ] && out=$2;"
                + " shift; done\n" + body + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private SparkTrainer trainer(Path javaHome, Duration timeout) {
        SparkTrainer.Settings s = SparkTrainer.Settings
                .of("spark:local[2]", "/nonexistent.jar", dir.resolve("lake"), dir.resolve("work"))
                .withJavaHome(javaHome).withTimeout(timeout);
        return new SparkTrainer(s, Map.of());
    }

    @Test
    void mapsSparkFactorsOntoTheTrainingDataFoldsInUnseenUsersAndPublishesWithTrainerSpark() throws IOException {
        Path prepared = dir.resolve("prepared");
        FactorFilesFixture.write(prepared, 2, new String[] { "u2", "u1", "gone" }, new float[] { 1, 0, 0, 1, 9, 9 },
                new String[] { "b", "a" }, new float[] { 0.5f, 0.1f, 0.2f, 0.7f });
        Path home = fakeJava("mkdir -p \"$out\" && cp " + prepared + "/* \"$out\"/");
        TrainingParams params = TrainingParams.defaults().withRank(2).withThreads(1);
        SparkTrainer.Trained t = trainer(home, Duration.ofSeconds(30)).train(SHOP, data(), params, Map.of(), NOW,
                WEIGHTS, Map.of(), null, null);
        ShopModel m = t.model();
        assertThat(m.rank()).isEqualTo(2);
        assertThat(m.userVector(m.userIndex("u1"))).containsExactly(0, 1);
        assertThat(m.userVector(m.userIndex("u2"))).containsExactly(1, 0);
        assertThat(m.userIndex("gone")).isNegative();
        // "late" bought a: its vector is the serving fold-in over Spark's item factors
        TrainingData d = data();
        ImplicitAls.Result r = SparkTrainer.mapOnto(AlsFactorFiles.read(prepared), d, params, new LinkedHashMap<>());
        float[] expected = FoldIn.solve(r.itemFactors(), r.itemGramian(), 2, new int[] { d.itemIndex("a") },
                new float[] { 8 }, params.lambda(), params.alpha(), params.regOffset(), params.regExponent());
        assertThat(m.userVector(m.userIndex("late"))).containsExactly(expected);
        assertThat(expected[1]).isGreaterThan(0.1f);
        assertThat(t.report()).containsEntry("trainer", "spark").containsEntry("spark.foldedInUsers", "1")
                .containsEntry("spark.itemsWithoutFactors", "1").containsEntry("spark.users", "3")
                .containsEntry("spark.sparkVersion", "4.1.0").containsEntry("spark.ms.fit", "12");
        // the Gramian is YᵀY of the mapped item factors
        float[] y = r.itemFactors();
        float g01 = 0;
        for (int i = 0; i < d.itemCount(); i++) {
            g01 += y[i * 2] * y[i * 2 + 1];
        }
        assertThat(r.itemGramian()[1]).isEqualTo(g01);

        InMemoryModelStore store = new InMemoryModelStore();
        var info = SparkTrainer.publish(store, SHOP, t, Map.of("events", "5"));
        assertThat(info.metadata()).containsEntry("trainer", "spark").containsEntry("events", "5");
        // the run directory of a successful run is removed
        try (var s = Files.list(dir.resolve("work"))) {
            assertThat(s.toList()).isEmpty();
        }
    }

    @Test
    void aFailingJobNamesItsReasonAndKeepsItsLog() throws IOException {
        Path home = fakeJava("echo 'shoptide-spark: the lake at /x has no partition for shop s1' >&2; exit 3");
        SparkTrainer t = trainer(home, Duration.ofSeconds(30));
        assertThatThrownBy(() -> t.train(SHOP, data(), TrainingParams.defaults().withRank(2).withThreads(1), Map.of(),
                NOW, WEIGHTS, Map.of(), null, null)).isInstanceOf(SparkTrainer.SparkTrainingException.class)
                        .hasMessageContaining("exit status 3 (nothing to train on)")
                        .hasMessageContaining("no partition for shop s1").hasMessageContaining("job.log");
    }

    @Test
    void aJobThatRunsPastTheTimeoutIsKilled() throws IOException {
        Path home = fakeJava("sleep 30");
        SparkTrainer t = trainer(home, Duration.ofMillis(300));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> t.train(SHOP, data(), TrainingParams.defaults().withRank(2).withThreads(1), Map.of(),
                NOW, WEIGHTS, Map.of(), null, null)).isInstanceOf(SparkTrainer.SparkTrainingException.class)
                        .hasMessageContaining("did not finish within PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void passesTheEnginesWeightsAndTheAliasesToTheJob() throws IOException {
        Path args = dir.resolve("args.txt");
        Path home = fakeJava("echo \"$0 $*\" > /dev/null; exit 9");
        // record the arguments with a second script: the first line of the fake saves them
        Files.writeString(home.resolve("bin/java"),
                "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + "\n"
                        + "for a in \"$@\"; do case $a in *aliases.tsv) cp $a " + dir.resolve("aliases.copy")
                        + ";; esac;" + " done\nexit 9\n");
        Shop shop = new Shop(SHOP, "S", NOW, "p", "s", Map.of("wish", 2.5), null, 0, 0, false);
        EventWeightTable w = EventWeightTable.of(EngineConfig.defaults(), shop);
        SparkTrainer t = trainer(home, Duration.ofSeconds(30));
        assertThatThrownBy(() -> t.train(SHOP, data(), TrainingParams.defaults().withRank(2).withThreads(1), Map.of(),
                NOW, w, Map.of("anon-1", "u1"), NOW.minus(Duration.ofDays(30)), NOW))
                        .hasMessageContaining("exit status 9");
        List<String> a = Files.readAllLines(args);
        assertThat(String.join(" ", a)).contains("--weight purchase=8.0", "--weight view=1.0",
                "--custom-weight wish=2.5", "--rate-neutral", "--line-quantity-cap 3", "--rank 2",
                "--from 2026-01-30T00:00:00Z", "--until 2026-03-01T00:00:00Z", "--master local[2]",
                "org.shoptide.lake.spark".replace("lake.spark", "spark.LakeAlsJob"));
        assertThat(a).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(Files.readString(dir.resolve("aliases.copy"))).isEqualTo("anon-1\tu1\n");
    }

    @Test
    void settingsRejectWhatCannotWork() {
        assertThatThrownBy(() -> SparkTrainer.Settings.of("local[2]", "cp", dir, dir))
                .hasMessageContaining("spark:<master>");
        assertThatThrownBy(() -> SparkTrainer.Settings.of("spark:", "cp", dir, dir))
                .hasMessageContaining("master must not be empty");
        assertThatThrownBy(() -> SparkTrainer.Settings.of("spark:local[2]", " ", dir, dir))
                .hasMessageContaining("mvn -Pspark");
        assertThatThrownBy(() -> SparkTrainer.Settings.of("spark:local[2]", "cp", dir, dir).withDriverHeap("lots"))
                .hasMessageContaining("4g");
        assertThat(SparkTrainer.Settings.of("spark:spark://h:7077", "cp", dir, dir).master())
                .isEqualTo("spark://h:7077");
        assertThatThrownBy(() -> SparkTrainer.classpathOfModule(dir)).hasMessageContaining("not built");
        assertThatThrownBy(() -> new EventWeightTable(Map.of("viewed", 1.0), Map.of(), 2.5, 1))
                .hasMessageContaining("unknown built-in event type 'viewed'");
    }

    @Test
    void findsAJava17HomeOrSaysWhatIsMissing() throws IOException {
        Path home = fakeJava("exit 0");
        assertThat(SparkJava.find(Map.of(SparkJava.ENV, home.toString()))).isEqualTo(home);
        assertThat(SparkJava.find(Map.of("JAVA_HOME", home.toString(), "PATH", ""))).isEqualTo(home);
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        assertThatThrownBy(() -> SparkJava.find(Map.of(SparkJava.ENV, home.toString())))
                .hasMessageContaining("not a Java 17 or 21 home (found 25)");
    }
}
