package org.shoptide.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka (KRaft combined broker and controller) inside this JVM, for tests, local development and the
 * cluster scripts. Listens on 127.0.0.1 only: {@code port} for clients, {@code controllerPort} for the KRaft quorum.
 * Its data lives in {@code dataDir}: the storage is formatted on first start and reused afterwards, so records
 * acknowledged before a {@link #stop()} are there after the next {@link #start}. Single node: replication factor 1, so
 * it is no production setup.
 * <p>
 * As its own process: {@code java -cp 'shoptide-kafka.jar:lib/*' org.shoptide.kafka.LocalKafkaBroker --dir D --port P
 * [--controller-port C]} (C defaults to P+1) prints {@code kafka ready on 127.0.0.1:P} once it accepts clients and
 * shuts down cleanly on SIGTERM.
 */
public final class LocalKafkaBroker implements AutoCloseable {
    /** The line {@link #main} prints when the broker accepts clients. */
    public static final String READY_LINE = "kafka ready on 127.0.0.1:";

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    private LocalKafkaBroker(Path dataDir, int port, int controllerPort) {
        this.dataDir = dataDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} with its data in {@code dataDir} (created and formatted when new) and
     * returns once it accepts clients (about 5-10 s).
     */
    public static LocalKafkaBroker start(Path dataDir, int port, int controllerPort) {
        Objects.requireNonNull(dataDir, "dataDir");
        if (port < 1 || port > 65535 || controllerPort < 1 || controllerPort > 65535 || port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must be two different ports in 1..65535, got "
                    + port + ", " + controllerPort);
        }
        LocalKafkaBroker broker = new LocalKafkaBroker(dataDir.toAbsolutePath(), port, controllerPort);
        broker.startServer();
        return broker;
    }

    /** {@code 127.0.0.1:port}, for bootstrap.servers. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    private Properties config() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // topics are created by their owners, with their settings; a typo must not create one
        p.put("auto.create.topics.enable", "false");
        p.put("delete.topic.enable", "true");
        return p;
    }

    private synchronized void startServer() {
        if (server != null) {
            throw new IllegalStateException("broker already running on port " + port);
        }
        Properties props = config();
        try {
            Files.createDirectories(dataDir);
            Path configFile = dataDir.resolve("server.properties");
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, "written by LocalKafkaBroker on every start");
            }
            if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
                ByteArrayOutputStream log = new ByteArrayOutputStream();
                int rc;
                try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8)) {
                    rc = StorageTool.execute(
                            new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c", configFile.toString() },
                            out);
                }
                if (rc != 0) {
                    throw new IllegalStateException("formatting Kafka storage in " + dataDir + " failed (" + rc + "): "
                            + log.toString(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
        }
        KafkaRaftServer s = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
        s.startup();
        server = s;
        awaitReady(Duration.ofSeconds(60));
    }

    /** Waits until the broker answers metadata requests with itself as a live node. */
    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                3000))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted waiting for Kafka", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Kafka on " + bootstrapServers() + " did not become ready within " + timeout);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for Kafka", e);
        }
    }

    /** Shuts the broker down cleanly (flushes its logs); {@link #restart()} starts it again on the same data. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer s = server;
        server = null;
        s.shutdown();
        s.awaitShutdown();
    }

    /** Starts a stopped broker again on the same ports and data. */
    public void restart() {
        startServer();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public void close() {
        stop();
    }

    /** {@code --dir D --port P [--controller-port C]}: runs a broker until SIGTERM. */
    public static void main(String[] args) throws InterruptedException {
        Path dir = null;
        int port = -1;
        int controllerPort = -1;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                usage("missing value after " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--dir" -> dir = Path.of(v);
                case "--port" -> port = parsePort(a, v);
                case "--controller-port" -> controllerPort = parsePort(a, v);
                default -> usage("unknown argument " + a);
            }
        }
        if (dir == null || port < 0) {
            usage("--dir and --port are required");
        }
        if (controllerPort < 0) {
            controllerPort = port + 1;
        }
        LocalKafkaBroker broker = start(dir, port, controllerPort);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("kafka-broker-shutdown").unstarted(() -> {
            broker.stop();
            stopped.countDown();
        }));
        System.out.println(READY_LINE + port);
        System.out.flush();
        stopped.await();
    }

    private static int parsePort(String name, String value) {
        try {
            int p = Integer.parseInt(value);
            if (p < 1 || p > 65535) {
                usage(name + " must be in 1..65535, got " + value);
            }
            return p;
        } catch (NumberFormatException e) {
            usage(name + " must be a number, got '" + value + "'");
            return -1;
        }
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println(
                "usage: LocalKafkaBroker --dir DATA_DIR --port PORT [--controller-port PORT (default PORT+1)]");
        System.exit(2);
    }
}
