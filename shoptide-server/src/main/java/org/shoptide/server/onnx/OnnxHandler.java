package org.shoptide.server.onnx;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shoptide.engine.api.Violation;
import org.shoptide.onnx.OnnxModels;
import org.shoptide.onnx.OnnxRejected;
import org.shoptide.server.http.ApiProblem;
import org.shoptide.server.http.filter.Access;
import org.shoptide.server.http.filter.Caller;
import org.shoptide.server.http.handler.Resource;
import org.shoptide.server.http.handler.RouteTable;

/**
 * A shop's own ONNX models (docs/ONNX-MODELS.md), secret key:
 * <ul>
 * <li>{@code GET /v1/models/onnx/items[?modelVersion=N]}: the item table a model must index items by (of the newest
 * trained model, or of version N): {@code {"modelVersion": N, "items": ["id0", "id1", ...]}}.
 * <li>{@code POST /v1/models/onnx[?modelVersion=N]}, body the {@code .onnx} bytes ({@code application/octet-stream}):
 * validates (contract, dry run, hold-out gate) and stores a new version, which becomes the active one: 201 with the
 * version; 413 too large; 422 with every violation, nothing stored; 409 before the first training; 404 an unknown model
 * version.
 * <li>{@code GET /v1/models/onnx}: every version, newest first; {@code GET /v1/models/onnx/{version}}: one.
 * <li>{@code POST /v1/models/onnx/{version}/activate}; {@code DELETE /v1/models/onnx/{version}}.
 * </ul>
 * A version's JSON: {@code version}, {@code createdAt}, {@code sizeBytes}, {@code active}, {@code serving} (active and
 * the gate chose it over the blend) and {@code metadata} (the gate's decision, reason and both hold-out metrics).
 */
public final class OnnxHandler implements Resource {
    static final String PATH = "/v1/models/onnx";
    private final OnnxModels models;

    public OnnxHandler(OnnxModels models) {
        this.models = models;
    }

    @Override
    public void register(RouteTable r) {
        r.add(HandlerType.GET, PATH + "/items", Access.SECRET, ctx -> guarded(() -> {
            OnnxModels.ItemTable t = models.itemTable(Caller.shop(ctx), modelVersion(ctx));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("modelVersion", t.version());
            out.put("items", t.items());
            ctx.json(out);
        }));
        r.add(HandlerType.GET, PATH, Access.SECRET, ctx -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("versions", models.list(Caller.shop(ctx)).stream().map(OnnxHandler::json).toList());
            ctx.json(out);
        });
        r.add(HandlerType.POST, PATH, Access.SECRET, ctx -> guarded(() -> {
            Long target = modelVersion(ctx);
            byte[] body = read(ctx, models.settings().maxBytes());
            ctx.status(201).json(json(models.upload(Caller.shop(ctx), body, target)));
        }));
        r.add(HandlerType.GET, PATH + "/{version}", Access.SECRET, ctx -> guarded(
                () -> ctx.json(json(models.get(Caller.shop(ctx), version(ctx)).orElseThrow(() -> new OnnxRejected(404,
                        List.of("this shop has no ONNX model version " + version(ctx))))))));
        r.add(HandlerType.POST, PATH + "/{version}/activate", Access.SECRET,
                ctx -> guarded(() -> ctx.json(json(models.activate(Caller.shop(ctx), version(ctx))))));
        r.add(HandlerType.DELETE, PATH + "/{version}", Access.SECRET, ctx -> guarded(() -> {
            models.delete(Caller.shop(ctx), version(ctx));
            ctx.status(204);
        }));
    }

    static Map<String, Object> json(OnnxModels.Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.info().version());
        m.put("createdAt", v.info().createdAt().toString());
        m.put("sizeBytes", v.info().sizeBytes());
        m.put("active", v.active());
        m.put("serving", v.serving());
        m.put("metadata", v.info().metadata());
        return m;
    }

    /** The body, refused with 413 past {@code max} bytes without reading further. */
    private static byte[] read(Context ctx, long max) {
        try (InputStream in = ctx.bodyInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0;) {
                total += n;
                if (total > max) {
                    throw new OnnxRejected(413,
                            List.of("the model has more than " + max + " bytes, the most accepted (onnx.max-bytes)"));
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the upload", e);
        }
    }

    private static long version(Context ctx) {
        String s = ctx.pathParam("version");
        try {
            long v = Long.parseLong(s);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest("version", "must be a positive integer, got '" + s + "'");
    }

    private static Long modelVersion(Context ctx) {
        String s = ctx.queryParam("modelVersion");
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest("modelVersion", "must be a positive integer, got '" + s + "'");
    }

    /** Runs {@code action}, mapping a rejection to problem JSON that lists every reason. */
    private static void guarded(Runnable action) {
        try {
            action.run();
        } catch (OnnxRejected e) {
            List<Violation> v = new ArrayList<>();
            e.problems().forEach(p -> v.add(new Violation(-1, "model", p)));
            String slug = switch (e.status()) {
                case 404 -> "not-found";
                case 409 -> "conflict";
                case 413 -> "payload-too-large";
                default -> "invalid-model";
            };
            String title = switch (e.status()) {
                case 404 -> "Not Found";
                case 409 -> "Conflict";
                case 413 -> "Payload Too Large";
                default -> "Invalid Model";
            };
            throw new ApiProblem(e.status(), slug, title, e.getMessage(), v);
        }
    }
}
