package org.shoptide.server.http.filter;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import org.shoptide.core.port.PaymentProvider.NotificationRejected;
import org.shoptide.core.port.StoreException;
import org.shoptide.engine.api.ConflictException;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.Json;
import org.shoptide.trade.TradeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every error as RFC 9457 problem JSON: {@code type} (under {@value #PROBLEM_BASE}), {@code title},
 * {@code status}, {@code detail}, {@code instance} (the request path) and, for validation errors, {@code errors}
 * ({@code index}, {@code field}, {@code message}). Maps engine exceptions to their status; anything unexpected is a
 * logged 500.
 */
public final class Problems {
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String PROBLEM_BASE = "https://shoptide.org/problems/";
    /** Longest request path echoed as {@code instance}. */
    private static final int MAX_INSTANCE = 512;
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final long maxBodyBytes;

    public Problems(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The problem that answers {@code e}. */
    public ApiProblem toProblem(Exception e) {
        return switch (e) {
            case ApiProblem p -> p;
            case ValidationException v -> ApiProblem.badRequest(v.getMessage(), v.violations());
            case NotFoundException nf -> new ApiProblem(404, "not-found", "Not Found", nf.getMessage());
            case ConflictException c -> new ApiProblem(409, "conflict", "Conflict", c.getMessage());
            case TradeException t -> trade(t);
            case NotificationRejected n ->
                    new ApiProblem(401, "notification-rejected", "Notification Rejected", n.getMessage());
            case StoreException st -> {
                LOG.warn("storage unavailable: {}", st.getMessage());
                yield new ApiProblem(503, "store-unavailable", "Service Unavailable",
                        "a storage service (event log, database or realtime store) did not answer; nothing was "
                                + "stored by this request unless it returned 2xx: retry it with the same ids");
            }
            case UnsupportedOperationException u ->
                    new ApiProblem(501, "not-implemented", "Not Implemented", u.getMessage());
            case HttpResponseException h when h.getStatus() == 413 -> tooLarge(maxBodyBytes);
            case HttpResponseException h -> new ApiProblem(h.getStatus(), "http-" + h.getStatus(),
                    HttpStatus.forStatus(h.getStatus()).getMessage(), h.getMessage());
            default -> {
                LOG.error("unhandled error", e);
                yield new ApiProblem(500, "internal", "Internal Server Error",
                        "the server failed to handle the request; see the server log");
            }
        };
    }

    /** A refused trade call: 400 (naming the field), 404, 409, or 503 when the payment provider did not answer. */
    public static ApiProblem trade(TradeException t) {
        return switch (t.kind()) {
            case INVALID -> ApiProblem.badRequest(t.field() == null ? "" : t.field(), t.getMessage());
            case NOT_FOUND -> new ApiProblem(404, "not-found", "Not Found", t.getMessage());
            case CONFLICT -> new ApiProblem(409, "conflict", "Conflict", t.getMessage());
            case UNAVAILABLE ->
                    new ApiProblem(503, "payment-provider-unavailable", "Payment Provider Unavailable", t.getMessage());
        };
    }

    public static ApiProblem tooLarge(long maxBodyBytes) {
        return new ApiProblem(413, "content-too-large", "Content Too Large",
                "the request body exceeds " + maxBodyBytes + " bytes (http.max-body-bytes)");
    }

    /** Whether the response already carries a problem. */
    public static boolean isProblem(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith(PROBLEM_JSON);
    }

    /** Answers {@code p} as problem JSON. */
    public static void render(Context ctx, ApiProblem p) {
        if (p.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.status(p.status()).contentType(PROBLEM_JSON).result(body(p, ctx.path()));
    }

    /** The problem JSON document of {@code p} for a request to {@code path}. */
    public static byte[] body(ApiProblem p, String path) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("type", PROBLEM_BASE + p.slug());
        o.put("title", p.title());
        o.put("status", p.status());
        o.put("detail", p.getMessage());
        o.put("instance", path == null ? "" : path.length() > MAX_INSTANCE ? path.substring(0, MAX_INSTANCE) : path);
        if (!p.violations().isEmpty()) {
            ArrayNode errors = o.putArray("errors");
            for (Violation v : p.violations()) {
                errors.addObject().put("index", v.index()).put("field", v.field()).put("message", v.message());
            }
        }
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A problem for a status raised outside the routes (by Jetty or Javalin), with its standard reason. */
    public static ApiProblem forStatus(int status, String detail) {
        String title = HttpStatus.forStatus(status).getMessage();
        if (title == null || title.isEmpty() || "Unknown".equals(title)) {
            title = "HTTP " + status;
        }
        String slug = switch (status) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "content-too-large";
            case 414 -> "uri-too-long";
            case 431 -> "request-header-fields-too-large";
            default -> "http-" + status;
        };
        return new ApiProblem(status, slug, title, detail == null || detail.isBlank() ? title : detail);
    }
}
