package org.shoptide.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.shoptide.core.job.JobRun;
import org.shoptide.core.job.JobRunQuery;
import org.shoptide.core.job.JobState;
import org.shoptide.core.job.NewJobRun;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Violation;
import org.shoptide.jobs.JobKind;
import org.shoptide.jobs.JobScheduler;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.handler.Resource;
import org.shoptide.server.http.handler.RouteTable;
import org.shoptide.server.http.json.RequestBody;

/**
 * The job scheduler over HTTP, for operators (operator key):
 * <ul>
 * <li>{@code GET /v1/jobs}: the kinds, their settings, last success and next runs (per shop for per-shop kinds);
 * <li>{@code GET /v1/jobs/runs?kind=&shop=&state=&limit=&cursor=}: runs, newest first, keyset-paged by
 * {@code nextCursor};
 * <li>{@code POST /v1/jobs/{kind}/runs} with {@code {"shop": "..."}} for a per-shop kind (no body otherwise): run now,
 * 202 with the queued run;
 * <li>{@code POST /v1/jobs/runs/{id}/cancel}: cancels a queued run at once, interrupts a running one; 409 when it has
 * already ended.
 * </ul>
 * The dashboard's Jobs page calls the same methods under {@code /admin/api/jobs} with its session.
 */
public final class JobsResource implements Resource {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final JobScheduler scheduler;
    private final RequestBody body;

    public JobsResource(JobScheduler scheduler, RequestBody body) {
        this.scheduler = scheduler;
        this.body = body;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, "/v1/jobs", Access.OPERATOR, this::kinds);
        r.add(HandlerType.GET, "/v1/jobs/runs", Access.OPERATOR, this::runs);
        r.add(HandlerType.POST, "/v1/jobs/{kind}/runs", Access.OPERATOR, this::runNow);
        r.add(HandlerType.POST, "/v1/jobs/runs/{id}/cancel", Access.OPERATOR, this::cancel);
    }

    /** The {@code kinds} route's work (also behind the dashboard's session at {@code /admin/api/jobs...}). */
    public void kinds(Context ctx) {
        List<Map<String, Object>> kinds = new ArrayList<>();
        Map<String, Instant> last = scheduler.lastSuccess();
        for (JobScheduler.KindView v : scheduler.kinds()) {
            kinds.add(JobJson.kind(v, last.get(v.kind().name())));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", scheduler.node());
        m.put("running", scheduler.runningCount());
        m.put("kinds", kinds);
        ctx.json(m);
    }

    /** The {@code runs} route's work (also behind the dashboard's session at {@code /admin/api/jobs...}). */
    public void runs(Context ctx) {
        List<Violation> v = new ArrayList<>();
        String kind = blankToNull(ctx.queryParam("kind"));
        if (kind != null && !NewJobRun.isKind(kind)) {
            v.add(new Violation(-1, "kind", "kind must be 1 to 64 of a-z 0-9 . _ - starting with a letter"));
        }
        String shopText = blankToNull(ctx.queryParam("shop"));
        ShopId shop = null;
        if (shopText != null) {
            if (ShopId.isValid(shopText)) {
                shop = ShopId.of(shopText);
            } else {
                v.add(new Violation(-1, "shop", "shop is not a valid shop id"));
            }
        }
        JobState state = null;
        String stateText = blankToNull(ctx.queryParam("state"));
        if (stateText != null) {
            try {
                state = JobState.fromWire(stateText);
            } catch (IllegalArgumentException e) {
                v.add(new Violation(-1, "state", e.getMessage()));
            }
        }
        long limit = number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, v);
        long cursor = number(ctx, "cursor", 0, 1, Long.MAX_VALUE, v);
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("invalid query parameters", v);
        }
        List<JobRun> page = scheduler
                .runs(new JobRunQuery(kind, shop, state, cursor == 0 ? null : cursor, (int) limit + 1));
        boolean more = page.size() > limit;
        List<Map<String, Object>> runs = page.stream().limit(limit).map(JobJson::run).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", runs);
        m.put("nextCursor", more ? Long.toString(page.get((int) limit - 1).id()) : null);
        ctx.json(m);
    }

    private static long number(Context ctx, String name, long dflt, long min, long max, List<Violation> v) {
        String s = blankToNull(ctx.queryParam(name));
        if (s == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(s.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        v.add(new Violation(-1, name, name + " must be an integer between " + min + " and " + max));
        return dflt;
    }

    /** The {@code runNow} route's work (also behind the dashboard's session at {@code /admin/api/jobs...}). */
    public void runNow(Context ctx) {
        String name = ctx.pathParam("kind");
        Optional<JobKind> kind = NewJobRun.isKind(name) ? scheduler.kind(name) : Optional.empty();
        if (kind.isEmpty()) {
            throw new ApiProblem(404, "not-found", "Not Found", "there is no job kind '" + name + "' on this node");
        }
        ShopId shop = shopOf(ctx, kind.get());
        JobRun run;
        try {
            run = scheduler.runNow(name, shop);
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(404, "not-found", "Not Found", e.getMessage());
        }
        ctx.status(202).json(JobJson.run(run));
    }

    /** The body's shop: required for a per-shop kind, refused otherwise; no other fields. */
    private ShopId shopOf(Context ctx, JobKind kind) {
        boolean hasBody = ctx.contentLength() > 0 || ctx.contentType() != null;
        JsonNode tree = hasBody ? body.tree(ctx) : null;
        List<Violation> v = new ArrayList<>();
        if (tree != null && !tree.isObject()) {
            throw ApiProblem.badRequest("invalid run",
                    List.of(new Violation(-1, "", "the body must be a JSON object")));
        }
        JsonNode shopNode = tree == null ? null : tree.get("shop");
        if (tree != null) {
            for (Iterator<String> it = tree.fieldNames(); it.hasNext();) {
                String f = it.next();
                if (!f.equals("shop")) {
                    v.add(new Violation(-1, f, "unknown field " + f));
                }
            }
        }
        ShopId shop = null;
        if (shopNode != null && !shopNode.isNull()) {
            if (!shopNode.isTextual() || !ShopId.isValid(shopNode.asText())) {
                v.add(new Violation(-1, "shop", "shop must be a valid shop id"));
            } else {
                shop = ShopId.of(shopNode.asText());
            }
        }
        if (kind.isPerShop() && shop == null && v.stream().noneMatch(x -> x.field().equals("shop"))) {
            v.add(new Violation(-1, "shop", "job kind " + kind.name() + " runs per shop: name the shop"));
        }
        if (!kind.isPerShop() && shop != null) {
            v.add(new Violation(-1, "shop", "job kind " + kind.name() + " runs for the whole server, not per shop"));
        }
        if (!v.isEmpty()) {
            throw ApiProblem.badRequest("invalid run", v);
        }
        return shop;
    }

    /** The {@code cancel} route's work (also behind the dashboard's session at {@code /admin/api/jobs...}). */
    public void cancel(Context ctx) {
        String idText = ctx.pathParam("id");
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new ApiProblem(404, "not-found", "Not Found", "there is no job run '" + idText + "'");
        }
        JobRun before = scheduler.run(id)
                .orElseThrow(() -> new ApiProblem(404, "not-found", "Not Found", "there is no job run " + id));
        if (before.state().isFinal()) {
            throw new ApiProblem(409, "conflict", "Conflict",
                    "job run " + id + " has already ended (" + before.state().wire() + ")");
        }
        JobRun after = scheduler.cancel(id)
                .orElseThrow(() -> new ApiProblem(404, "not-found", "Not Found", "there is no job run " + id));
        ctx.json(JobJson.run(after));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
