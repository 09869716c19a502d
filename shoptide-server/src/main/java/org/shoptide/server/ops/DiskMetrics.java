package org.shoptide.server.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Disk gauges of the event log directory, for the disk-space alerts: {@code shoptide.eventlog.disk.free.bytes} and
 * {@code .total.bytes} of the file system holding it (usable space, as the JVM may write it), and
 * {@code shoptide.eventlog.disk.used.bytes}, the size of the files in it. Read on each scrape; NaN while the directory
 * cannot be read (Prometheus then drops the sample, so absence is visible).
 */
public final class DiskMetrics {
    private DiskMetrics() {
    }

    public static void register(MeterRegistry registry, Path dir) {
        Gauge.builder("shoptide.eventlog.disk.free.bytes", () -> fileStore(dir, true))
                .description("Usable bytes on the file system of the event log").register(registry);
        Gauge.builder("shoptide.eventlog.disk.total.bytes", () -> fileStore(dir, false))
                .description("Size in bytes of the file system of the event log").register(registry);
        Gauge.builder("shoptide.eventlog.disk.used.bytes", () -> used(dir))
                .description("Bytes of the files in the event log directory").register(registry);
    }

    private static double fileStore(Path dir, boolean free) {
        try {
            var store = Files.getFileStore(dir);
            return free ? store.getUsableSpace() : store.getTotalSpace();
        } catch (IOException | SecurityException e) {
            return Double.NaN;
        }
    }

    private static double used(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // removed while walking (a compacted segment)
                }
            }).sum();
        } catch (IOException | UncheckedIOException | SecurityException e) {
            return Double.NaN;
        }
    }
}
