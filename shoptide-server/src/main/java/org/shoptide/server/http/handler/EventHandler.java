package org.shoptide.server.http.handler;

import static org.shoptide.server.http.handler.Params.countBad;
import static org.shoptide.server.http.handler.Params.longParam;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shoptide.core.event.Event;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.IngestResult;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.engine.Validation;
import org.shoptide.engine.api.Violation;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.EventFields;
import org.shoptide.server.http.EventJson;
import org.shoptide.server.http.FieldErrors;
import org.shoptide.server.http.HttpApi.EventReader;
import org.shoptide.server.http.Json;
import org.shoptide.server.http.Metrics;
import org.shoptide.server.http.Parsers;
import org.shoptide.server.http.StreamingEvents;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Authentication;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.json.RequestBody;
import org.shoptide.server.ops.OpsStats;

/**
 * Events: batch ingestion ({@code POST /v1/events}, all-or-nothing, every bad event and field reported at once) and the
 * NDJSON export of a shop's log ({@code GET /v1/events/export}).
 */
public final class EventHandler implements Resource {
    private final Engine engine;
    private final RequestBody body;
    private final EventReader eventReader;
    private final Metrics metrics;
    private final OpsStats opsStats;
    private final Clock clock;

    public EventHandler(Engine engine, RequestBody body, EventReader eventReader, Metrics metrics, OpsStats opsStats,
            Clock clock) {
        this.engine = engine;
        this.body = body;
        this.eventReader = eventReader;
        this.metrics = metrics;
        this.opsStats = opsStats;
        this.clock = clock;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.POST, "/v1/events", Access.PUBLISHABLE, this::post);
        r.preflight("/v1/events", "POST");
        r.add(HandlerType.GET, "/v1/events/export", Access.SECRET, this::export);
    }

    private void post(Context ctx) {
        ShopId shop = Caller.shop(ctx);
        StreamingEvents.Batch batch = body.events(ctx, Authentication.beacon(ctx));
        if (batch.eventsNotAnArray()) {
            throw ApiProblem.badRequest("events", "events must be an array");
        }
        List<EventFields> nodes = batch.events();
        if (nodes.isEmpty() || nodes.size() > Engine.MAX_BATCH) {
            metrics.eventsRejected(shop, nodes.size());
            throw ApiProblem.badRequest("events",
                    "a batch holds 1 to " + Engine.MAX_BATCH + " events, got " + nodes.size());
        }
        Instant now = clock.instant();
        List<Violation> structural = new ArrayList<>();
        List<Event> bound = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            bound.add(Parsers.event(nodes.get(i), now, new FieldErrors(i, structural)).orElse(null));
        }
        // one pass: structural errors and the engine's rules over every event that bound, under the client's names
        List<Violation> violations = structural.isEmpty() ? List.of()
                : Validation.inOnePass(bound, structural, sub -> engine.validateEvents(shop, sub),
                        (i, f) -> Validation.eventWireField(f, fieldNames(nodes.get(i))));
        List<Event> events = bound;
        if (!violations.isEmpty()) {
            metrics.eventsRejected(shop, nodes.size());
            throw ApiProblem.badRequest(
                    countBad(violations) + " of " + nodes.size() + " events are invalid; nothing was stored",
                    violations);
        }
        IngestResult result;
        try {
            result = engine.ingest(shop, events);
        } catch (ValidationException e) {
            metrics.eventsRejected(shop, nodes.size());
            throw ApiProblem
                    .badRequest(e.getMessage(),
                            e.violations().stream()
                                    .map(v -> new Violation(v.index(),
                                            v.index() >= 0 && v.index() < nodes.size() ? Validation.eventWireField(
                                                    v.field(), fieldNames(nodes.get(v.index()))) : v.field(),
                                            v.message()))
                                    .toList());
        } catch (RuntimeException e) {
            metrics.ingestFailed(shop); // the log or a store failed: the shop's events are not being recorded
            throw e;
        }
        metrics.eventsAccepted(shop, result.accepted(), result.duplicates());
        opsStats.eventsAccepted(shop, result.accepted(),
                events.stream().map(e -> e.userId() != null ? e.userId() : e.anonymousId()).toList());
        ctx.json(Map.of("accepted", result.accepted(), "duplicates", result.duplicates()));
    }

    /** The top-level field names the client wrote in one event (the engine's field names map onto them). */
    private static Set<String> fieldNames(EventFields event) {
        return event.names();
    }

    private void export(Context ctx) {
        if (eventReader == null) {
            throw new ApiProblem(501, "not-implemented", "Not Implemented", "event export is not available");
        }
        long from = longParam(ctx, "from", 0, 0, Long.MAX_VALUE);
        int limit = (int) longParam(ctx, "limit", 10_000, 1, 100_000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] next = { from };
        int[] count = { 0 };
        try {
            eventReader.replay(Caller.shop(ctx), from, le -> {
                if (count[0] >= limit) {
                    throw new StopReplay();
                }
                ObjectNode o = EventJson.write(le.event());
                o.put("offset", le.offset());
                try {
                    out.write(Json.MAPPER.writeValueAsBytes(o));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out.write('\n');
                count[0]++;
                next[0] = le.offset() + 1;
            });
        } catch (StopReplay done) {
            // limit reached
        }
        ctx.header("X-Next-From", Long.toString(next[0]));
        ctx.contentType("application/x-ndjson").result(out.toByteArray());
    }

    private static final class StopReplay extends RuntimeException {
        StopReplay() {
            super(null, null, false, false);
        }
    }
}
