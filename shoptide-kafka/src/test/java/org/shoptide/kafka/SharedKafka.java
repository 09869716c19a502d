package org.shoptide.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One in-process Kafka broker for all tests of this JVM (starting one takes seconds), on free ports, with its data in a
 * temporary directory removed at exit. Tests isolate themselves with their own topic prefix.
 */
final class SharedKafka {
    private static final AtomicLong PREFIXES = new AtomicLong();
    private static LocalKafkaBroker broker;

    private SharedKafka() {
    }

    static synchronized LocalKafkaBroker broker() {
        if (broker == null) {
            Path dir = tempDir("shoptide-kafka-shared");
            LocalKafkaBroker b = LocalKafkaBroker.start(dir, freePort(), freePort());
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shared-kafka-stop").unstarted(() -> {
                b.stop();
                deleteRecursively(dir);
            }));
            broker = b;
        }
        return broker;
    }

    /** A topic prefix no other test of any run uses. */
    static String newPrefix() {
        return "t" + ProcessHandle.current().pid() + "-" + PREFIXES.incrementAndGet() + ".";
    }

    static String uri(LocalKafkaBroker b, String prefix) {
        return "kafka://" + b.bootstrapServers() + "?topicPrefix=" + prefix;
    }

    static String uri(String prefix) {
        return uri(broker(), prefix);
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDir(String name) {
        try {
            return Files.createTempDirectory(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
