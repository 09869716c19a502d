package org.shoptide.embedded.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.testing.contract.EventLogContract;

/**
 * Kills a child JVM ({@link CrashTestWriter}) with SIGKILL while it appends from several threads, then reopens the log
 * and checks that every acknowledged batch is there exactly once, whole, at its acknowledged offsets, and that the log
 * is contiguous. Rounds reuse the same directory, so later rounds also recover logs recovered before.
 */
class SegmentEventLogCrashIT {
    private static final int ROUNDS = 10;

    @TempDir
    Path dir;

    record Ack(long first, String batchId, int count) {
    }

    @Test
    void acknowledgedBatchesSurviveSigkill() throws Exception {
        long seed = Long.getLong("shoptide.test.seed", System.nanoTime());
        System.out.println("SegmentEventLogCrashIT seed=" + seed + " (rerun with -Dshoptide.test.seed=" + seed + ")");
        Random rnd = new Random(seed);
        Path root = dir.resolve("log");
        Map<String, Ack> acked = new HashMap<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("java.class.path");
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, CrashTestWriter.class.getName(),
                    root.toString(), "6", "r" + round).redirectError(dir.resolve("child-" + round + ".err").toFile())
                            .start();
            List<String> lines = new CopyOnWriteArrayList<>();
            CountDownLatch ready = new CountDownLatch(1);
            Thread reader = Thread.ofPlatform().name("crash-test-reader-" + round).start(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        if (line.startsWith("READY")) {
                            ready.countDown();
                        } else {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    // the pipe breaks when the child dies
                }
            });
            try {
                assertThat(ready.await(60, TimeUnit.SECONDS)).as("child ready, round " + round).isTrue();
                // kill mid-stream: once appends flow, after a random delay
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (lines.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                Thread.sleep(rnd.nextInt(300));
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
                reader.join(TimeUnit.SECONDS.toMillis(30));
            }
            int roundAcks = 0;
            for (String line : lines) {
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals("ACK")) {
                    Ack a = new Ack(Long.parseLong(f[1]), f[2], Integer.parseInt(f[3]));
                    assertThat(acked.put(a.batchId(), a)).as("batch acknowledged twice: " + a).isNull();
                    roundAcks++;
                }
                // a partial last line (killed mid-print) is ignored: that batch counts as not acknowledged
            }
            verify(root, acked, "round " + round + ", seed " + seed);
            System.out.println(
                    "round " + round + ": " + roundAcks + " batches acknowledged, " + acked.size() + " in total");
        }
        assertThat(acked).isNotEmpty();
    }

    private static void verify(Path root, Map<String, Ack> acked, String context) {
        try (SegmentEventLog log = SegmentEventLog.open(root)) {
            List<LoggedEvent> all = EventLogContract.replayAll(log, CrashTestWriter.SHOP, 0);
            assertThat(log.endOffset(CrashTestWriter.SHOP)).as(context).isEqualTo(all.size());
            Set<String> ids = new HashSet<>();
            Map<String, Long> batchFirst = new HashMap<>();
            Map<String, Integer> batchSeen = new HashMap<>();
            Map<String, Integer> batchCount = new HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                LoggedEvent e = all.get(i);
                assertThat(e.offset()).as(context + ": contiguous offsets").isEqualTo(i);
                String id = e.event().clientEventId();
                assertThat(ids.add(id)).as(context + ": duplicate event " + id).isTrue();
                String[] parts = id.split(":");
                String batchId = parts[0];
                int index = Integer.parseInt(parts[1]);
                int count = Integer.parseInt(parts[2]);
                if (index == 0) {
                    batchFirst.put(batchId, e.offset());
                }
                // batches are whole and consecutive
                assertThat(batchFirst.get(batchId)).as(context + ": batch " + batchId + " starts with index 0")
                        .isNotNull();
                assertThat(e.offset()).as(context + ": " + id).isEqualTo(batchFirst.get(batchId) + index);
                batchSeen.merge(batchId, 1, Integer::sum);
                batchCount.put(batchId, count);
            }
            batchSeen.forEach((batchId, seen) -> assertThat(seen).as(context + ": events of batch " + batchId)
                    .isEqualTo(batchCount.get(batchId)));
            List<String> missing = new ArrayList<>();
            for (Ack a : acked.values()) {
                Long first = batchFirst.get(a.batchId());
                if (first == null || first != a.first()) {
                    missing.add(a + " found at " + first);
                }
            }
            assertThat(missing).as(context + ": acknowledged batches lost or moved").isEmpty();
        }
    }
}
