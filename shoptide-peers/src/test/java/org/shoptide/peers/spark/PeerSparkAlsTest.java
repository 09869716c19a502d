package org.shoptide.peers.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code peer-spark-als split} end to end (a real {@code local[2]} Spark) on a planted split and checks the
 * predictions file against the harness's contract and that the planted structure is recovered.
 * <p>
 * The split, seeded: 60 users in two communities of 30, each with its own 12 items; every user bought 5 items of their
 * community's (a long tail of shared taste). On top, a planted co-purchase: items {@code X} and {@code Y} were bought
 * together by 24 users of community A, while 6 others bought {@code X} alone, and their held-out item is {@code Y}.
 * Every other user's held-out item is one more item of their community. Rank 2, one factor per community: a larger rank
 * on 60 users memorizes the training matrix and ranks every unseen item near 0.
 */
class PeerSparkAlsTest {
    private static final long SEED = 7;

    @TempDir
    Path dir;

    @Test
    void writesOneRankingPerTargetUserThatRecoversThePlantedPatterns() throws IOException {
        Planted planted = plant(dir);

        int code = PeerSparkAls.run("split", "--split", dir.toString(), "--rank", "2", "--iterations", "10", "--lambda",
                "0.05", "--alpha", "10", "--k", "10", "--threads", "2");
        assertThat(code).isZero();

        Path file = dir.resolve("predictions-spark-als.tsv");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, List<String>> ranked = new LinkedHashMap<>();
        for (String line : lines) {
            assertThat(line).matches("[^\\t ]+\\t[^\\t ]+( [^\\t ]+)*");
            String[] f = line.split("\t");
            List<String> items = List.of(f[1].split(" "));
            assertThat(ranked.put(f[0], items)).as("one line per user").isNull();
            assertThat(items).hasSizeLessThanOrEqualTo(10).doesNotHaveDuplicates();
            assertThat(items).as("known catalog items only").isSubsetOf(planted.catalog);
            assertThat(items).as("training items of " + f[0] + " are excluded")
                    .doesNotContainAnyElementsOf(planted.train.get(f[0]));
        }
        assertThat(ranked.keySet()).containsExactlyElementsOf(planted.targets.keySet());

        for (String user : planted.xOnly) {
            assertThat(ranked.get(user).indexOf("Y")).as("X bought alone: Y within the top 2 for " + user).isBetween(0,
                    1);
        }
        int sameCommunityTop3 = 0;
        int others = 0;
        for (Map.Entry<String, String> t : planted.targetItem.entrySet()) {
            if (planted.xOnly.contains(t.getKey())) {
                continue;
            }
            others++;
            List<String> top3 = ranked.get(t.getKey()).subList(0, 3);
            String community = t.getKey().substring(0, 1);
            if (top3.stream().allMatch(i -> i.startsWith(community) || i.equals("X") || i.equals("Y"))) {
                sameCommunityTop3++;
            }
        }
        assertThat(sameCommunityTop3).as("users whose top 3 stays in their community")
                .isGreaterThanOrEqualTo(others * 9 / 10);

        List<String> repeats = Files.readAllLines(dir.resolve("predictions-spark-als-repeats.tsv"));
        assertThat(repeats).hasSameSizeAs(lines);
        int withTrainingItems = 0;
        for (String line : repeats) {
            String[] f = line.split("\t");
            List<String> items = List.of(f[1].split(" "));
            assertThat(items).hasSize(10).doesNotHaveDuplicates().isSubsetOf(planted.catalog);
            if (items.stream().anyMatch(planted.train.get(f[0])::contains)) {
                withTrainingItems++;
            }
        }
        assertThat(withTrainingItems).as("the repeats file keeps training items").isEqualTo(repeats.size());
        assertThat(Files.readString(dir.resolve("predictions-spark-als-repeats.tsv.meta.json")))
                .contains("\"trainingItemsExcluded\": false");

        String meta = Files.readString(dir.resolve("predictions-spark-als.tsv.meta.json"));
        assertThat(meta).contains("\"trainMillis\": ", "\"epochMillisAvg\": ", "\"spark\": \"4.1.0\"",
                "\"java\": \"" + System.getProperty("java.version") + "\"", "\"implicitPrefs\": true", "\"rank\": 2",
                "\"maxIter\": 10", "\"unrankedUsers\": 0", "\"peakHeapMiB\": ", "\"trainingItemsExcluded\": true");
    }

    @Test
    void aMalformedTrainLineIsReportedWithItsNumberAndNothingIsWritten() throws IOException {
        Files.writeString(dir.resolve("train.tsv"), "u1\ti1\t1\t1000\nu1\ti2\tone\t1000\n");
        Files.writeString(dir.resolve("targets.tsv"), "u1\ti3\n");

        int code = PeerSparkAls.run("split", "--split", dir.toString());

        assertThat(code).isEqualTo(2);
        assertThat(dir.resolve("predictions-spark-als.tsv")).doesNotExist();
    }

    /** The planted split of the class comment, written to {@code dir}. */
    static Planted plant(Path dir) throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED);
        Planted p = new Planted();
        StringBuilder train = new StringBuilder();
        StringBuilder targets = new StringBuilder();
        long t = 1_600_000_000_000L;
        for (String community : List.of("a", "b")) {
            for (int n = 0; n < 30; n++) {
                String user = community + "-user" + n;
                List<String> pool = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    pool.add(community + "-item" + i);
                }
                Set<String> bought = new HashSet<>();
                while (bought.size() < 6) {
                    bought.add(pool.get(rnd.nextInt(pool.size())));
                }
                List<String> items = new ArrayList<>(bought);
                items.sort(null);
                String held = items.remove(rnd.nextInt(items.size()));
                boolean xOnly = community.equals("a") && n < 6;
                if (community.equals("a")) {
                    items.add("X");
                    if (xOnly) {
                        held = "Y";
                        p.xOnly.add(user);
                    } else {
                        items.add("Y");
                    }
                }
                for (String item : items) {
                    train.append(user).append('\t').append(item).append("\t1\t").append(t++).append('\n');
                    p.catalog.add(item);
                }
                p.train.put(user, items);
                p.targets.put(user, List.of(held));
                p.targetItem.put(user, held);
                targets.append(user).append('\t').append(held).append('\n');
            }
        }
        Files.writeString(dir.resolve("train.tsv"), train);
        Files.writeString(dir.resolve("targets.tsv"), targets);
        return p;
    }

    static final class Planted {
        final Set<String> catalog = new HashSet<>();
        final Map<String, List<String>> train = new HashMap<>();
        final Map<String, List<String>> targets = new LinkedHashMap<>();
        final Map<String, String> targetItem = new LinkedHashMap<>();
        final Set<String> xOnly = new HashSet<>();
    }
}
