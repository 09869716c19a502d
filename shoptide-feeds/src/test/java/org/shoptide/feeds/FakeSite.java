package org.shoptide.feeds;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local HTTP server standing in for a shop platform, a Merchant feed host or a product website: each path answers
 * with a {@link Handler}; every request is recorded (path, query, headers, arrival time).
 */
final class FakeSite implements AutoCloseable {

    /** A request as the site saw it. */
    record Hit(String path, String query, Map<String, List<String>> headers, long nanos) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** What a path answers. */
    interface Handler {
        void handle(HttpExchange exchange, Hit hit) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Hit> hits = new CopyOnWriteArrayList<>();

    FakeSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            try (exchange) {
                URI u = exchange.getRequestURI();
                Hit hit = new Hit(u.getPath(), u.getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                        System.nanoTime());
                hits.add(hit);
                Handler h = routes.get(u.getPath());
                if (h == null) {
                    send(exchange, 404, "text/plain", "not found");
                } else {
                    h.handle(exchange, hit);
                }
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Another base URL for the same server: a different host name to the fetcher (its own rate limit). */
    String urlViaLocalhost(String path) {
        return "http://localhost:" + server.getAddress().getPort() + path;
    }

    FakeSite route(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    /** A fixed 200 answer. */
    FakeSite serve(String path, String contentType, String body) {
        return route(path, (ex, hit) -> send(ex, 200, contentType, body));
    }

    List<Hit> hits(String path) {
        List<Hit> out = new ArrayList<>();
        for (Hit h : hits) {
            if (h.path().equals(path)) {
                out.add(h);
            }
        }
        return out;
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        if (status == 304 || status == 204) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
