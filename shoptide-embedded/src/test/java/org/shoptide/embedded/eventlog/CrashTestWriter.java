package org.shoptide.embedded.eventlog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.shoptide.core.event.Event;
import org.shoptide.core.event.EventType;
import org.shoptide.core.shop.ShopId;

/**
 * Child process of {@link SegmentEventLogCrashIT}: appends batches with unique ids from several threads until it is
 * killed, printing {@code ACK <firstOffset> <batchId> <eventCount>} (flushed) after each acknowledged batch. Event ids
 * are {@code <batchId>:<index>:<eventCount>}.
 * <p>
 * Arguments: log root, thread count, run id (unique per child).
 */
public final class CrashTestWriter {
    static final ShopId SHOP = ShopId.of("crash");

    private CrashTestWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        String runId = args[2];
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        SegmentEventLog log = SegmentEventLog.open(root, SegmentEventLogOptions.defaults().withSegmentBytes(32 << 10));
        out.println("READY " + log.endOffset(SHOP));
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(Thread.ofPlatform().name("crash-writer-" + t).start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (long seq = 0;; seq++) {
                    String batchId = runId + "-" + thread + "-" + seq;
                    int n = 1 + rnd.nextInt(8);
                    List<Event> events = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        events.add(new Event(batchId + ":" + i + ":" + n, EventType.VIEW, null, "user-" + thread, null,
                                null, Instant.now(), "item-" + rnd.nextInt(1000), null, null, null, null, null, null,
                                null));
                    }
                    long first = log.append(SHOP, events).join();
                    out.println("ACK " + first + " " + batchId + " " + n);
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
    }
}
