package org.shoptide.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server as a child JVM ({@code shoptide serve} on the test's class path), for tests that kill it with SIGKILL
 * and start it again on the same data directory.
 */
record ChildServer(Process process, String base) {
    static final Pattern LISTENING = Pattern.compile("listening on http://([^:]+):(\\d+)");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * Starts a server and waits until it listens.
     *
     * @param port
     *            0 for any free port
     * @param env
     *            {@code SHOPTIDE_*} settings besides the operator key, host and logging
     */
    static ChildServer start(Path dataDir, int port, String operatorKey, Map<String, String> env) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            cmd.add("--add-modules=jdk.incubator.vector");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.shoptide.server.cli.ShoptideCli", "serve",
                "--data-dir", dataDir.toString(), "--port", Integer.toString(port)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("SHOPTIDE_"));
        e.put("SHOPTIDE_OPERATOR_KEY", operatorKey);
        e.put("SHOPTIDE_HTTP_HOST", "127.0.0.1");
        e.put("SHOPTIDE_LOG_FORMAT", "text");
        e.put("SHOPTIDE_LOG_LEVEL", "WARN");
        e.putAll(env);
        Process p = pb.start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StringBuilder seen = new StringBuilder();
        String line;
        while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe empty
                        }
                    } catch (IOException ignored) {
                        // process died
                    }
                }, "child-output");
                drain.setDaemon(true);
                drain.start();
                return new ChildServer(p, "http://127.0.0.1:" + m.group(2));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("server did not start:\n" + seen);
    }

    /** A port that was free a moment ago (for a server that must come back on the same URL). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** SIGKILL, and wait until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the child server did not die");
        }
    }

    /** One call with a bearer key and optional extra headers (name, value, name, value, ...). */
    HttpResponse<String> send(String method, String path, String key, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(15));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
