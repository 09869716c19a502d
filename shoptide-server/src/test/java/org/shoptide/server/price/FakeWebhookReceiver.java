package org.shoptide.server.price;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A shop's webhook endpoint on a local port: records every request (headers and body) and answers the next status of
 * its script ({@code 500, 500, 200} ...; the last status repeats).
 */
final class FakeWebhookReceiver implements AutoCloseable {
    record Received(String id, String timestamp, String signature, String body, int answered) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int[] script;

    FakeWebhookReceiver(int... script) {
        this.script = script;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int[] s = this.script;
            int status = s[Math.min(calls.getAndIncrement(), s.length - 1)];
            received.add(new Received(ex.getRequestHeaders().getFirst(PriceWebhooks.ID_HEADER),
                    ex.getRequestHeaders().getFirst(PriceWebhooks.TIMESTAMP_HEADER),
                    ex.getRequestHeaders().getFirst(PriceWebhooks.SIGNATURE_HEADER), body, status));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    /** From now on answer {@code statuses} (the call count starts again). */
    void answer(int... statuses) {
        calls.set(0);
        this.script = statuses;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Whether a request's signature is the HMAC-SHA256 of {@code timestamp.body} under {@code secret}. */
    static boolean verified(Received r, String secret) {
        return r.signature() != null
                && r.signature().equals("v1=" + PriceWebhooks.sign(secret, Long.parseLong(r.timestamp()), r.body()));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
