package org.shoptide.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real cluster on this machine for the cluster tests: a Kafka broker in its own JVM (KRaft, from Kafka's Maven
 * artifacts), a Redis server of its own (so a test can restart it), a fresh database on the PostgreSQL named by
 * {@code SHOPTIDE_TEST_POSTGRES}, API nodes as child JVMs configured by URIs only, and nginx in front, filled from
 * {@code config/nginx-cluster.conf.template}, the file {@code bin/cluster} uses.
 * <p>
 * Without PostgreSQL, redis-server or nginx the tests are skipped, except under {@code CI=true}, where they fail.
 */
final class LocalCluster implements AutoCloseable {
    static final String OPERATOR_KEY = "cluster-test-operator-key-0123456789";

    private final Path dir;
    private final int kafkaPort;
    private final int redisPort;
    private final int nginxPort;
    private final String database;
    private final String adminJdbc;
    private final int[] nodePorts;
    private final ChildServer[] nodes;
    private Process kafka;
    private Process redis;
    private Process nginx;

    private LocalCluster(Path dir, int nodeCount) throws IOException {
        this.dir = dir;
        this.kafkaPort = ChildServer.freePort();
        this.redisPort = ChildServer.freePort();
        this.nginxPort = ChildServer.freePort();
        this.nodePorts = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            nodePorts[i] = ChildServer.freePort();
        }
        this.nodes = new ChildServer[nodeCount];
        this.adminJdbc = System.getenv("SHOPTIDE_TEST_POSTGRES");
        this.database = "cluster_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Skips (or under CI fails) when a service the cluster needs is missing. */
    static void assumeServices() {
        boolean ci = "true".equals(System.getenv("CI"));
        List<String> missing = new ArrayList<>();
        if (System.getenv("SHOPTIDE_TEST_POSTGRES") == null) {
            missing.add("SHOPTIDE_TEST_POSTGRES (bin/services start)");
        }
        if (executable("redis-server") == null) {
            missing.add("redis-server");
        }
        if (executable("nginx") == null) {
            missing.add("nginx");
        }
        if (!missing.isEmpty()) {
            String why = "the cluster tests need " + String.join(", ", missing);
            if (ci) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
    }

    static String executable(String name) {
        for (String d : List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin")) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return null;
    }

    /** Starts every part; {@code nodes} API nodes. */
    static LocalCluster start(Path dir, int nodes) throws Exception {
        assumeServices();
        LocalCluster c = new LocalCluster(dir, nodes);
        try {
            c.createDatabase();
            c.startRedis();
            c.startKafka();
            for (int i = 0; i < nodes; i++) {
                c.startNode(i);
            }
            c.startNginx();
            return c;
        } catch (Exception | AssertionError e) {
            c.close();
            throw e;
        }
    }

    /** The URL of nginx in front of the nodes. */
    String url() {
        return "http://127.0.0.1:" + nginxPort;
    }

    ChildServer node(int i) {
        return nodes[i];
    }

    int nodeCount() {
        return nodes.length;
    }

    /** The settings every node gets; node 0 alone runs the daily trainings. */
    Map<String, String> nodeEnv(int i) {
        Map<String, String> env = new HashMap<>();
        env.put("SHOPTIDE_EVENTLOG_URI", "kafka://127.0.0.1:" + kafkaPort + "?topicPrefix=" + database + ".");
        env.put("SHOPTIDE_ENTITIES_URI", jdbcOf(database));
        env.put("SHOPTIDE_REALTIME_URI", "redis://127.0.0.1:" + redisPort + "?prefix=" + database + ":");
        env.put("SHOPTIDE_MODELS_URI", "file:" + dir.resolve("models"));
        env.put("SHOPTIDE_CLUSTER_SYNC_MS", "300");
        env.put("SHOPTIDE_TRAINING_SCHEDULED", Boolean.toString(i == 0));
        return env;
    }

    void startNode(int i) throws IOException {
        nodes[i] = ChildServer.start(dir.resolve("node" + i), nodePorts[i], OPERATOR_KEY, nodeEnv(i));
    }

    /** SIGKILL of one node, waiting until it is gone. */
    void killNode(int i) throws InterruptedException {
        nodes[i].kill();
    }

    /** SIGKILL of the broker, then a new broker on the same data directory and port. */
    void restartKafka(long downMillis) throws Exception {
        kafka.destroyForcibly();
        kafka.waitFor(20, TimeUnit.SECONDS);
        Thread.sleep(downMillis);
        startKafka();
    }

    /** SIGKILL of Redis, then an empty one on the same port (no persistence: all realtime state is lost). */
    void restartRedis(long downMillis) throws Exception {
        redis.destroyForcibly();
        redis.waitFor(10, TimeUnit.SECONDS);
        Thread.sleep(downMillis);
        startRedis();
    }

    private String jdbcOf(String db) {
        int q = adminJdbc.indexOf('?');
        String base = q < 0 ? adminJdbc : adminJdbc.substring(0, q);
        String params = q < 0 ? "" : adminJdbc.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + db + params;
    }

    private void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(adminJdbc);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
    }

    private void dropDatabase() {
        try (Connection c = DriverManager.getConnection(adminJdbc);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }

    private void startRedis() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        redis = new ProcessBuilder(executable("redis-server"), "--port", Integer.toString(redisPort), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.resolve("redis").toString())
                        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), redisPort).close();
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
    }

    private void startKafka() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.shoptide.kafka.LocalKafkaBroker",
                "--dir", dir.resolve("kafka").toString(), "--port", Integer.toString(kafkaPort)));
        kafka = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(kafka.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains("kafka ready on")) {
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException ignored) {
                        // broker gone
                    }
                }, "kafka-output");
                drain.setDaemon(true);
                drain.start();
                return;
            }
        }
        kafka.destroyForcibly();
        throw new AssertionError("the Kafka broker did not start:\n" + seen);
    }

    private void startNginx() throws Exception {
        Path conf = dir.resolve("nginx");
        Files.createDirectories(conf.resolve("tmp"));
        StringBuilder servers = new StringBuilder();
        for (int p : nodePorts) {
            servers.append("    server 127.0.0.1:").append(p).append(" max_fails=1 fail_timeout=2s;\n");
        }
        String text = Files.readString(Path.of("..", "config", "nginx-cluster.conf.template"))
                .replace("@DIR@", conf.toString()).replace("@PORT@", Integer.toString(nginxPort))
                .replace("@USER@", "root".equals(System.getProperty("user.name")) ? "user root;" : "")
                .replace("@SERVERS@\n", servers.toString());
        Files.writeString(conf.resolve("nginx.conf"), text);
        nginx = new ProcessBuilder(executable("nginx"), "-p", conf.toString(), "-c",
                conf.resolve("nginx.conf").toString(), "-g", "daemon off;").redirectErrorStream(true)
                        .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                new Socket(InetAddress.getLoopbackAddress(), nginxPort).close();
                return;
            } catch (IOException notYet) {
                if (!nginx.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nginx did not start: " + Files.readString(dir.resolve("nginx.out")));
    }

    @Override
    public void close() {
        if (nginx != null) {
            nginx.destroy();
        }
        for (ChildServer n : nodes) {
            if (n != null) {
                n.process().destroyForcibly();
            }
        }
        if (kafka != null) {
            kafka.destroyForcibly();
        }
        if (redis != null) {
            redis.destroyForcibly();
        }
        if (adminJdbc != null) {
            dropDatabase();
        }
    }
}
