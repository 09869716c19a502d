package org.shoptide.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.shoptide.alerts.AlertChannel.DeliveryException;

/** Posts JSON to a robot webhook and checks the answer: 2xx, and for DingTalk and WeCom {@code errcode} 0. */
public final class Webhook {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 200;
    private final HttpClient http;
    private final Duration timeout;

    public Webhook(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** Posts {@code body}; returns the answer's body. {@code where} names the channel in errors (never the URL). */
    String post(URI url, Object body, String where, boolean checkErrcode) {
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DeliveryException(where + " webhook unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(where + " webhook call interrupted", e);
        }
        String answer = response.body() == null ? "" : response.body();
        if (response.statusCode() / 100 != 2) {
            throw new DeliveryException(where + " webhook answered HTTP " + response.statusCode() + ": " + cut(answer));
        }
        if (checkErrcode) {
            JsonNode a;
            try {
                a = JSON.readTree(answer);
            } catch (IOException e) {
                throw new DeliveryException(where + " webhook answered no JSON: " + cut(answer), e);
            }
            if (a == null || a.path("errcode").asInt(-1) != 0) {
                throw new DeliveryException(where + " webhook refused the message: errcode "
                        + (a == null ? "?" : a.path("errcode").asText("?")) + " "
                        + (a == null ? "" : cut(a.path("errmsg").asText(""))));
            }
        }
        return answer;
    }

    private static String cut(String s) {
        return s.length() <= MAX_ERROR_BODY ? s : s.substring(0, MAX_ERROR_BODY) + "…";
    }
}
