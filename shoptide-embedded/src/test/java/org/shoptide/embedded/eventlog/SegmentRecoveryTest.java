package org.shoptide.embedded.eventlog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.event.LoggedEvent;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.contract.EventLogContract;

/**
 * Property-style recovery test: damages the last segment at random positions (truncation, a flipped byte, trailing
 * garbage), reopens, and checks that exactly the whole records before the damage survive and the log goes on.
 */
class SegmentRecoveryTest {
    static final ShopId SHOP = ShopId.of("recovery");
    static final SegmentEventLogOptions OPTIONS = SegmentEventLogOptions.defaults().withFsync(false)
            .withSegmentBytes(4096);

    @TempDir
    Path dir;

    record RecordSpan(long start, long end, int events) {
    }

    @Test
    void damagedTailIsCutAtTheLastWholeRecord() throws IOException {
        long seed = Long.getLong("shoptide.test.seed", System.nanoTime());
        System.out.println("SegmentRecoveryTest seed=" + seed + " (rerun with -Dshoptide.test.seed=" + seed + ")");
        Random rnd = new Random(seed);

        Path pristine = dir.resolve("pristine");
        for (int b = 0; b < 60; b++) {
            // small segments first (several files), then one large active segment to damage
            try (SegmentEventLog log = SegmentEventLog.open(pristine,
                    b < 30 ? OPTIONS : OPTIONS.withSegmentBytes(SegmentEventLogOptions.DEFAULT_SEGMENT_BYTES))) {
                int n = 1 + rnd.nextInt(5);
                List<Event> batch = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    batch.add(new Event("b" + b + "e" + i, EventType.VIEW, null, "user" + rnd.nextInt(100), null, null,
                            Instant.ofEpochMilli(rnd.nextLong(1L << 40)), "i".repeat(1 + rnd.nextInt(40)), null, null,
                            null, null, null, null, null));
                }
                EventLogContract.await(log.append(SHOP, batch));
            }
        }
        Path shopDir = pristine.resolve(SHOP.value());
        List<Path> segments;
        try (Stream<Path> s = Files.list(shopDir)) {
            segments = s.sorted(Comparator.comparing(Path::toString)).toList();
        }
        assertThat(segments).hasSizeGreaterThan(1);
        Path last = segments.getLast();
        long lastBase = SegmentFormat.baseOffsetOf(last);
        byte[] original = Files.readAllBytes(last);
        int headerLength = SegmentFormat.headerLength(SHOP);
        List<RecordSpan> records = new ArrayList<>();
        ByteBuffer bb = ByteBuffer.wrap(original);
        for (int pos = headerLength; pos < original.length;) {
            int length = bb.getInt(pos);
            int end = pos + 8 + length;
            records.add(new RecordSpan(pos, end, bb.getInt(pos + 8 + 12)));
            pos = end;
        }
        assertThat(records).hasSizeGreaterThan(3);
        assertThat(records.getLast().end()).isEqualTo(original.length);
        List<LoggedEvent> allEvents;
        try (SegmentEventLog log = SegmentEventLog.open(pristine, OPTIONS)) {
            allEvents = EventLogContract.replayAll(log, SHOP, 0);
        }

        for (int iteration = 0; iteration < 150; iteration++) {
            int mode = rnd.nextInt(3);
            int pos = headerLength + rnd.nextInt(original.length - headerLength);
            byte[] damaged;
            String what;
            switch (mode) {
                case 0 -> {
                    damaged = java.util.Arrays.copyOf(original, pos);
                    what = "truncated at " + pos;
                }
                case 1 -> {
                    damaged = original.clone();
                    damaged[pos] ^= (byte) (1 + rnd.nextInt(255));
                    what = "byte " + pos + " flipped";
                }
                default -> {
                    int extra = 1 + rnd.nextInt(200);
                    damaged = java.util.Arrays.copyOf(original, original.length + extra);
                    for (int i = original.length; i < damaged.length; i++) {
                        damaged[i] = (byte) rnd.nextInt(256);
                    }
                    pos = original.length;
                    what = extra + " garbage bytes appended";
                }
            }
            int damagePos = pos;
            long survivingEvents = lastBase
                    + records.stream().filter(r -> r.end() <= damagePos).mapToLong(RecordSpan::events).sum();
            List<LoggedEvent> expected = allEvents.subList(0, (int) survivingEvents);

            Path root = dir.resolve("iteration-" + iteration);
            Path copyDir = Files.createDirectories(root.resolve(SHOP.value()));
            for (Path seg : segments) {
                Files.write(copyDir.resolve(seg.getFileName()), seg.equals(last) ? damaged : Files.readAllBytes(seg));
            }
            String context = "iteration " + iteration + ", " + what + ", seed " + seed;
            try (SegmentEventLog log = SegmentEventLog.open(root, OPTIONS)) {
                assertThat(log.endOffset(SHOP)).as(context).isEqualTo(survivingEvents);
                assertThat(EventLogContract.replayAll(log, SHOP, 0)).as(context).isEqualTo(expected);
                assertThat(EventLogContract.await(log.append(SHOP, EventLogContract.views("new", 2)))).as(context)
                        .isEqualTo(survivingEvents);
            }
            try (SegmentEventLog log = SegmentEventLog.open(root, OPTIONS)) {
                List<LoggedEvent> again = EventLogContract.replayAll(log, SHOP, 0);
                assertThat(again.subList(0, expected.size())).as(context).isEqualTo(expected);
                assertThat(EventLogContract.ids(again.subList(expected.size(), again.size()))).as(context)
                        .containsExactly("new0", "new1");
            }
            boolean cut = damaged.length > records.stream().filter(r -> r.end() <= damagePos).mapToLong(RecordSpan::end)
                    .max().orElse(headerLength);
            try (Stream<Path> s = Files.list(copyDir)) {
                assertThat(s.anyMatch(p -> p.getFileName().toString().contains(".seg.tail-"))).as(context)
                        .isEqualTo(cut);
            }
            deleteTree(root);
        }
    }

    @Test
    void eraseDeletesCutOffTailsBecauseTheyMayHoldTheErasedSubject() throws IOException {
        Path root = dir.resolve("tails");
        try (SegmentEventLog log = SegmentEventLog.open(root, OPTIONS)) {
            EventLogContract.await(log.append(SHOP, EventLogContract.views("a", 3)));
        }
        Path segment = root.resolve(SHOP.value()).resolve(SegmentFormat.fileName(0));
        byte[] bytes = Files.readAllBytes(segment);
        Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length + 30)); // a torn record of zeros
        try (SegmentEventLog log = SegmentEventLog.open(root, OPTIONS)) {
            assertThat(log.endOffset(SHOP)).isEqualTo(3);
            assertThat(tails(root)).hasSize(1);
            assertThat(log.erase(SHOP, e -> e.clientEventId().equals("a0"))).isEqualTo(1);
            assertThat(tails(root)).isEmpty();
            assertThat(EventLogContract.ids(EventLogContract.replayAll(log, SHOP, 0))).containsExactly("a1", "a2");
        }
    }

    private static List<Path> tails(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve(SHOP.value()))) {
            return s.filter(p -> p.getFileName().toString().contains(SegmentFormat.TAIL_SUFFIX)).toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
