package org.shoptide.elt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/** A local HTTP server for connector tests: answers each request with what {@code handler} returns. */
final class FakeFeed implements AutoCloseable {
    record Reply(int status, String body, List<String[]> headers) {
        static Reply ok(String body) {
            return new Reply(200, body, List.of());
        }
    }

    /** What the server saw: path with query, and the Authorization header. */
    record Seen(String pathAndQuery, String authorization) {
    }

    final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    private final HttpServer server;

    FakeFeed(Function<HttpExchange, Reply> handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            seen.add(new Seen(ex.getRequestURI().toString(), ex.getRequestHeaders().getFirst("Authorization")));
            Reply r = handler.apply(ex);
            for (String[] h : r.headers()) {
                ex.getResponseHeaders().add(h[0], h[1]);
            }
            byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Seen> requests() {
        return new ArrayList<>(seen);
    }

    /** The value of query parameter {@code name} of {@code ex}'s request, or null. */
    static String param(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            if (kv.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
