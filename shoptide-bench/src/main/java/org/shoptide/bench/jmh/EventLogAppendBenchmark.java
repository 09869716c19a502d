package org.shoptide.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.shoptide.bench.data.BenchData;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;
import org.shoptide.embedded.eventlog.SegmentEventLog;
import org.shoptide.embedded.eventlog.SegmentEventLogOptions;
import org.shoptide.testing.synthetic.SyntheticShop;

/**
 * Durable append throughput of {@link SegmentEventLog}: one {@code append} of {@code batch} synthetic events (views,
 * carts, purchases with line items) per call, waiting for its commit, fsync on by default. The primary result is
 * appends per second; the secondary result {@code events} is events per second. The log lives in a fresh temporary
 * directory under {@code -Dshoptide.bench.dir} (default {@code java.io.tmpdir}; use a directory on the disk you want to
 * measure, not tmpfs), deleted after the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EventLogAppendBenchmark {
    private static final ShopId SHOP = ShopId.of("bench");

    @Param({ "100", "1000" })
    public int batch;

    @Param({ "true" })
    public boolean fsync;

    /** Distinct pre-built batches cycled through. */
    @Param({ "20" })
    public int batches;

    private Path dir;
    private SegmentEventLog log;
    private List<List<Event>> data;
    private final AtomicInteger next = new AtomicInteger();

    @Setup
    public void setup() throws IOException {
        Path base = Paths.get(System.getProperty("shoptide.bench.dir", System.getProperty("java.io.tmpdir")));
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, "shoptide-eventlog-bench");
        log = SegmentEventLog.open(dir, SegmentEventLogOptions.defaults().withFsync(fsync));
        SyntheticShop shop = SyntheticShop
                .generate(SyntheticShop.Config.of(BenchData.SEED, 2_000, 5_000, 50, 200, (long) batch * batches));
        data = new ArrayList<>(batches);
        Iterator<Event> events = shop.events();
        for (int b = 0; b < batches; b++) {
            List<Event> list = new ArrayList<>(batch);
            for (int k = 0; k < batch; k++) {
                list.add(events.next());
            }
            data.add(List.copyOf(list));
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        if (log != null) {
            log.close();
            log = null;
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                    try {
                        Files.delete(p);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            dir = null;
        }
    }

    @Benchmark
    public long append(EventCounter counter) {
        List<Event> events = data.get(Math.floorMod(next.getAndIncrement(), data.size()));
        long offset = log.append(SHOP, events).join();
        counter.events += events.size();
        return offset;
    }

    /**
     * Four threads appending to the same shop at once: what the writer's natural group commit (everything queued during
     * one fsync is committed by the next) gains over {@link #append}.
     */
    @Benchmark
    @Threads(4)
    public long appendFromFourThreads(EventCounter counter) {
        return append(counter);
    }

    /** The open log (for checks). */
    SegmentEventLog log() {
        return log;
    }

    /** The temporary directory of the log, or null after tear-down. */
    Path directory() {
        return dir;
    }
}
