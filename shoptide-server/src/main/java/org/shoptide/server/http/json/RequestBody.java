package org.shoptide.server.http.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.StreamingEvents;
import org.shoptide.server.http.filter.Problems;

/**
 * Reads request bodies: media type ({@code application/json}, or {@code text/plain} for a beacon), size
 * ({@code http.max-body-bytes}), JSON syntax and Jackson's limits (nesting over 1,000 levels, huge numbers or strings)
 * all answer 4xx problems. {@link #bind} maps a body onto a request record with strict types: a string field takes only
 * a JSON string (no number or boolean coerced to text), and a mismatch is a 400 naming the field.
 */
public final class RequestBody {
    private static final ObjectMapper STRICT = strict();
    private final long maxBodyBytes;

    public RequestBody(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    private static ObjectMapper strict() {
        ObjectMapper m = Json.MAPPER.copy().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** The JSON body as a tree. */
    public JsonNode tree(Context ctx) {
        return tree(ctx, false);
    }

    /**
     * The JSON body as a tree; {@code beaconText} (a request with the key in the query) also accepts JSON sent as
     * {@code text/plain}, which is what {@code navigator.sendBeacon} sends for a string, without a CORS preflight.
     */
    public JsonNode tree(Context ctx, boolean beaconText) {
        byte[] bytes = bytes(ctx, beaconText);
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new ApiProblem(400, "malformed-json", "Malformed JSON", "the body cannot be read: " + e.getMessage());
        }
    }

    /**
     * An event batch body read by {@link StreamingEvents} (no tree of the batch); media type, size and JSON errors as
     * {@link #tree(Context, boolean)} reports them.
     */
    public StreamingEvents.Batch events(Context ctx, boolean beaconText) {
        byte[] bytes = bytes(ctx, beaconText);
        try {
            return StreamingEvents.read(bytes);
        } catch (IOException streamingFailed) {
            // malformed or over a limit: the tree reader names the error (same parser, same message and location)
            try {
                return StreamingEvents.fromTree(Json.MAPPER.readTree(bytes));
            } catch (JsonProcessingException e) {
                throw malformed(e);
            } catch (IOException e) {
                throw new ApiProblem(400, "malformed-json", "Malformed JSON",
                        "the body cannot be read: " + e.getMessage());
            }
        }
    }

    private byte[] bytes(Context ctx, boolean beaconText) {
        String ct = ctx.contentType();
        String lower = ct == null ? "" : ct.toLowerCase(Locale.ROOT);
        if (!(lower.startsWith("application/json") || (beaconText && lower.startsWith("text/plain")))) {
            throw new ApiProblem(415, "unsupported-media-type", "Unsupported Media Type",
                    "send the body as application/json" + (beaconText ? " (or text/plain with ?key=)" : "") + ", got "
                            + (ct == null ? "no Content-Type" : "'" + ct + "'"));
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException e) {
            throw new ApiProblem(400, "bad-request", "Bad Request",
                    "could not read the request body: " + e.getMessage());
        }
        if (bytes.length > maxBodyBytes) {
            throw Problems.tooLarge(maxBodyBytes);
        }
        if (bytes.length == 0) {
            throw new ApiProblem(400, "malformed-json", "Malformed JSON", "the request body is empty");
        }
        return bytes;
    }

    /** Binds {@code body} onto {@code type}; a value of the wrong JSON type is a 400 naming its field. */
    public static <T> T bind(JsonNode body, Class<T> type, String detail) {
        if (!body.isObject()) {
            throw ApiProblem.badRequest(detail, List.of(new Violation(-1, "", "the body must be a JSON object")));
        }
        try {
            return STRICT.treeToValue(body, type);
        } catch (MismatchedInputException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = field.isEmpty() ? "the body must be a JSON object" : field + " has the wrong JSON type";
            throw ApiProblem.badRequest(detail, List.of(new Violation(-1, field, message)));
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /** Jackson's error as a 400; a limit error (e.g. nesting depth) has no location. */
    private static ApiProblem malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? ""
                : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new ApiProblem(400, "malformed-json", "Malformed JSON",
                "the body is not valid JSON: " + e.getOriginalMessage() + where);
    }
}
