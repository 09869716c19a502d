package org.shoptide.server.admin;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.shoptide.server.http.ApiProblem;

/** The dashboard's classpath resources: page templates around their layout, and the scripts and styles it serves. */
final class AdminResources {
    /** Served assets: name → classpath resource. Chart.js comes from its webjar. */
    private static final Map<String, String> ASSETS = Map.of("chart.umd.min.js",
            "/META-INF/resources/webjars/chart.js/" + chartJsVersion() + "/dist/chart.umd.min.js", "admin.js",
            "/admin/assets/admin.js", "admin.css", "/admin/assets/admin.css", "pages.js", "/admin/assets/pages.js");

    private AdminResources() {
    }

    private static String chartJsVersion() {
        try (InputStream in = AdminResources.class
                .getResourceAsStream("/META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the Chart.js webjar's version", e);
        }
        throw new IllegalStateException("the Chart.js webjar is missing from the classpath");
    }

    static void asset(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        String resource = ASSETS.get(name);
        if (resource == null) {
            throw new ApiProblem(404, "not-found", "Not Found", "no dashboard asset '" + name + "'");
        }
        String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
        resource(ctx, resource, type);
        ctx.header("Cache-Control", "private, max-age=300");
    }

    private static void resource(Context ctx, String resource, String contentType) throws IOException {
        try (InputStream in = AdminResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            ctx.contentType(contentType).result(in.readAllBytes());
        }
    }

    /**
     * A dashboard page: {@code /admin/pages/layout.html} (head, navigation, shop selector, logout form) around the
     * page's own file, whose first line is {@code <!-- title: T -->} or {@code <!-- title: T; charts -->} (loads
     * Chart.js).
     */
    static String page(String name) throws IOException {
        String own = template("/admin/pages/" + name + ".html");
        int eol = own.indexOf('\n');
        String meta = own.substring(0, eol).trim();
        if (!meta.startsWith("<!-- title: ") || !meta.endsWith("-->")) {
            throw new IllegalStateException("/admin/pages/" + name + ".html must start with <!-- title: ... -->");
        }
        String[] parts = meta.substring("<!-- title: ".length(), meta.length() - "-->".length()).trim().split(";");
        boolean charts = parts.length > 1 && parts[1].trim().equals("charts");
        return template("/admin/pages/layout.html").replace("{{title}}", parts[0].trim()).replace("{{page}}", name)
                .replace("{{scripts}}",
                        charts ? "\n<script src=\"/admin/assets/chart.umd.min.js\" defer></script>" : "")
                .replace("{{main}}", own.substring(eol + 1));
    }

    static String template(String resource) throws IOException {
        try (InputStream in = AdminResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
