package org.shoptide.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server child process on a free port without persistence, for tests that stop and restart Redis. Skipped when
 * no {@code redis-server} is on the PATH, except under {@code CI=true} where that fails.
 */
final class ThrowawayRedis implements AutoCloseable {
    private final int port;
    private Process process;

    ThrowawayRedis() {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = false;
        for (String dir : path.split(File.pathSeparator)) {
            found |= new File(dir, "redis-server").canExecute();
        }
        if (!found && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("redis-server is not on the PATH but CI=true: install redis-server");
        }
        assumeTrue(found, "redis-server is not on the PATH: restart test skipped");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String uri(String prefix) {
        return "redis://127.0.0.1:" + port + "?prefix=" + prefix;
    }

    /** Starts the server (again) on the same port and waits until it accepts connections. */
    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save",
                "", "--appendonly", "no", "--daemonize", "no").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not start on port " + port, e);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Kills the server; what it held is gone (no persistence). */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
