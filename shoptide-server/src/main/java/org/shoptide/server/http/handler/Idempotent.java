package org.shoptide.server.http.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.function.Supplier;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.trade.IdempotentCalls;
import org.shoptide.trade.IdempotentCalls.Response;

/**
 * Answers a mutating trade call through {@link IdempotentCalls}: the request's fingerprint is its method, path and
 * body; the answer is stored as the JSON text sent, so a retry gets the same status and bytes. A call that throws (a
 * 4xx problem) stores nothing, so the retry is checked again.
 */
final class Idempotent {
    private Idempotent() {
    }

    static void answer(Context ctx, IdempotentCalls calls, JsonNode body, int status, Supplier<Object> call) {
        String fingerprint;
        try {
            fingerprint = IdempotentCalls.fingerprint(ctx.method().name(), ctx.path(),
                    body == null ? new byte[0] : Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed body cannot be written back", e);
        }
        Response r = calls.execute(Caller.shop(ctx), ctx.header(IdempotentCalls.HEADER), fingerprint, () -> {
            try {
                return new Response(status, Json.MAPPER.writeValueAsString(call.get()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write the answer", e);
            }
        });
        ctx.status(r.status()).contentType("application/json").result(r.body());
    }
}
