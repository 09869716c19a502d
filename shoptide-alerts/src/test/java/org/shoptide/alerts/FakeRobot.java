package org.shoptide.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * A local stand-in for a chat robot webhook (DingTalk, WeCom or Slack): records each request's query and JSON body and
 * answers what {@link #answer} returns for it.
 */
final class FakeRobot implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    record Call(Map<String, String> query, JsonNode body) {
    }

    record Answer(int status, String body) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final AtomicReference<Function<Call, Answer>> answer = new AtomicReference<>(
            c -> new Answer(200, "{\"errcode\":0,\"errmsg\":\"ok\"}"));
    private final HttpServer server;

    FakeRobot(String path) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, this::handle);
        server.start();
    }

    URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    private void handle(HttpExchange x) throws IOException {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                query.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Call call = new Call(query, JSON.readTree(x.getRequestBody().readAllBytes()));
        calls.add(call);
        Answer a = answer.get().apply(call);
        byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
