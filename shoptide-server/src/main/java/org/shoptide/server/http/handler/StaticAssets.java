package org.shoptide.server.http.handler;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.shoptide.server.http.ApiProblem;

/**
 * The browser files Shoptide serves from the jar's {@code /web} folder: {@code tracker.js} (minified by the build) and
 * the demo storefront's {@code static/} script and style sheet. Each answer carries a strong ETag (SHA-256 of the
 * bytes) and {@code Cache-Control: public, max-age=300}; a matching {@code If-None-Match} gets 304. Unknown names are
 * 404 problems, so nothing else on the classpath is reachable.
 */
final class StaticAssets {
    /** Served name → classpath resource and media type. */
    private static final Map<String, String[]> FILES = Map.of("tracker.js",
            new String[] { "/web/tracker.js", "text/javascript; charset=utf-8" }, "storefront.js",
            new String[] { "/web/static/storefront.js", "text/javascript; charset=utf-8" }, "storefront.css",
            new String[] { "/web/static/storefront.css", "text/css; charset=utf-8" });
    static final String CACHE_CONTROL = "public, max-age=300";

    private record Asset(byte[] bytes, String etag, String mediaType) {
    }

    private final ConcurrentHashMap<String, Asset> loaded = new ConcurrentHashMap<>();

    void serve(Context ctx, String name) {
        String[] file = FILES.get(name);
        if (file == null) {
            throw new ApiProblem(404, "not-found", "Not Found", "no static file '" + name + "'");
        }
        Asset a = loaded.computeIfAbsent(name, n -> load(file[0], file[1]));
        ctx.header("ETag", a.etag());
        ctx.header("Cache-Control", CACHE_CONTROL);
        ctx.header("X-Content-Type-Options", "nosniff");
        String inm = ctx.header("If-None-Match");
        if (inm != null && (inm.trim().equals("*") || Arrays.stream(inm.split(",")).map(String::trim)
                .anyMatch(t -> t.equals(a.etag()) || t.equals("W/" + a.etag())))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(a.mediaType()).result(a.bytes());
    }

    private static Asset load(String resource, String mediaType) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (built by 'mvn compile')");
            }
            byte[] bytes = in.readAllBytes();
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            return new Asset(bytes, "\"" + HexFormat.of().formatHex(sha, 0, 16) + "\"", mediaType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
