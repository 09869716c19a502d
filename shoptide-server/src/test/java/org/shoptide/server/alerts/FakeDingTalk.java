package org.shoptide.server.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.shoptide.server.http.Json;

/**
 * A local DingTalk robot: checks the access token and the signature (HmacSHA256 of timestamp + "\n" + secret, Base64)
 * like DingTalk does, answers errcode 310000 on a bad one, and keeps the markdown texts it accepted.
 */
final class FakeDingTalk implements AutoCloseable {
    final List<String> texts = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String token;
    private final String secret;

    FakeDingTalk(String token, String secret) throws IOException {
        this.token = token;
        this.secret = secret;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/robot/send", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/robot/send?access_token=" + token;
    }

    private void handle(HttpExchange x) throws IOException {
        Map<String, String> q = new LinkedHashMap<>();
        for (String kv : x.getRequestURI().getRawQuery().split("&")) {
            int eq = kv.indexOf('=');
            q.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        JsonNode body = Json.MAPPER.readTree(x.getRequestBody().readAllBytes());
        String answer;
        if (!token.equals(q.get("access_token")) || !expected(q.get("timestamp")).equals(q.get("sign"))
                || !"markdown".equals(body.path("msgtype").asText())) {
            refused.add(String.valueOf(q));
            answer = "{\"errcode\":310000,\"errmsg\":\"sign not match\"}";
        } else {
            texts.add(body.path("markdown").path("text").asText());
            answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String expected(String timestamp) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
