package org.shoptide.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.config.ServerConfig;

/**
 * The real Shoptide server (production composition: segment log, SQLite, model directory, {@code DefaultEngine}, HTTP
 * API) started in this process on a random loopback port, over a fresh data directory and a {@link SimClock}. The
 * simulator talks to it only over HTTP; the clock is the one thing it shares, so that simulated days pass in seconds.
 */
public final class SimServer implements AutoCloseable {
    private static final String OPERATOR_KEY = "sim-operator-key-0123456789abcdef";

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final ShoptideServer server;
    private final ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final SimClock clock;

    private SimServer(Path dataDir, boolean deleteOnClose, ShoptideServer server, SimClock clock) {
        this.dataDir = dataDir;
        this.deleteOnClose = deleteOnClose;
        this.server = server;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(clientThreads)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * Starts a server on a new temporary data directory (deleted on close), in memory ({@code /dev/shm}) where there is
     * one: a simulation needs no durability, and a disk's fsync per ingest request would dominate its run time.
     *
     * @param config
     *            extra server configuration keys (e.g. {@code training.rank})
     */
    public static SimServer start(SimClock clock, Map<String, String> config) {
        try {
            Path shm = Path.of("/dev/shm");
            Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "shoptide-sim-")
                    : Files.createTempDirectory("shoptide-sim-");
            return start(dir, true, clock, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SimServer start(Path dataDir, boolean deleteOnClose, SimClock clock, Map<String, String> config) {
        Map<String, String> m = new HashMap<>(config);
        m.put("data.dir", dataDir.toString());
        m.put("http.host", "127.0.0.1");
        m.put("http.port", "0");
        m.put("operator.key", OPERATOR_KEY);
        ServerConfig sc = ServerConfig.fromMap(m);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        return new SimServer(dataDir, deleteOnClose, ShoptideServer.start(sc, clock, Engines.production(), quiet),
                clock);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The server's data directory ({@code data.dir}). */
    public Path dataDir() {
        return dataDir;
    }

    public SimClock clock() {
        return clock;
    }

    /** Creates a shop through {@code POST /v1/shops}. */
    public ShopClient createShop(String id) {
        return ShopClient.createShop(http, baseUrl(), OPERATOR_KEY, id, "Simulated shop " + id);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            clientThreads.close();
            http.close();
            if (deleteOnClose) {
                deleteTree(dataDir);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
