package org.shoptide.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.shoptide.server.http.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code shoptide onnx items|upload|list|activate|delete}: a shop's own ONNX models (docs/ONNX-MODELS.md) on a running
 * server, over the HTTP API ({@code --url} and the shop's secret key, or {@code SHOPTIDE_URL} / {@code SHOPTIDE_KEY}).
 * A rejected upload prints every reason and exits 1.
 */
@Command(name = "onnx", mixinStandardHelpOptions = true, description = {
        "Uploads, lists, activates and deletes the shop's own ONNX models (docs/ONNX-MODELS.md).",
        "Against a server: --url URL --key SECRET_KEY (or SHOPTIDE_URL, SHOPTIDE_KEY)." }, subcommands = {
                OnnxCommand.Items.class, OnnxCommand.Upload.class, OnnxCommand.ListAll.class,
                OnnxCommand.Activate.class, OnnxCommand.Delete.class })
final class OnnxCommand implements Callable<Integer> {
    private static final String PATH = "/v1/models/onnx";

    @CommandLine.ParentCommand
    ShoptideCli root;

    @Option(names = "--url", scope = CommandLine.ScopeType.INHERIT, description = "Base URL of a running server, e.g. http://127.0.0.1:8080.")
    String url;

    @Option(names = "--key", scope = CommandLine.ScopeType.INHERIT, description = "The shop's secret key (else SHOPTIDE_KEY).")
    String key;

    @Override
    public Integer call() {
        new CommandLine(this).usage(root.out());
        return 2;
    }

    /** Sends a request; prints the problem and returns null when the server refused it. */
    JsonNode send(String method, String path, HttpRequest.BodyPublisher body) {
        String base = url != null ? url : root.env().get("SHOPTIDE_URL");
        String k = key != null ? key : root.env().get("SHOPTIDE_KEY");
        if (base == null || base.isBlank() || k == null || k.isBlank()) {
            throw new IllegalArgumentException("give --url URL --key SECRET_KEY (or SHOPTIDE_URL, SHOPTIDE_KEY)");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + path))
                .timeout(Duration.ofMinutes(10)).header("Authorization", "Bearer " + k)
                .header("Content-Type", "application/octet-stream").method(method, body);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
            if (r.statusCode() >= 400) {
                PrintStream err = root.err();
                err.println("error: HTTP " + r.statusCode() + ": " + json.path("detail").asText(r.body()));
                for (JsonNode v : json.path("errors")) {
                    err.println("  - " + v.path("message").asText(v.toString()));
                }
                return null;
            }
            return json;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot reach " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void print(PrintStream out, JsonNode v) {
        JsonNode m = v.path("metadata");
        out.printf(Locale.ROOT, "%-8s %-7s %-8s %-6s %-8s %-8s %s%n", v.path("version").asText(),
                v.path("active").asBoolean() ? "active" : "", v.path("serving").asBoolean() ? "serving" : "",
                m.path("gate.decision").asText("-"), m.path("eval.onnx.ndcg@20").asText("-"),
                m.path("eval.baseline.ndcg@20").asText("-"), m.path("gate.reason").asText(""));
    }

    static void header(PrintStream out) {
        out.printf(Locale.ROOT, "%-8s %-7s %-8s %-6s %-8s %-8s %s%n", "version", "active", "serving", "gate", "ndcg@20",
                "blend", "reason");
    }

    private static String query(Long modelVersion) {
        return modelVersion == null ? "" : "?modelVersion=" + modelVersion;
    }

    @Command(name = "items", mixinStandardHelpOptions = true, description = "Writes the item table (one item id per line; line i is index i) a model must use.")
    static final class Items implements Callable<Integer> {
        @CommandLine.ParentCommand
        OnnxCommand parent;

        @Option(names = "--model-version", description = "The trained model version (default: the newest).")
        Long modelVersion;

        @Option(names = "--out", required = true, description = "The file to write.")
        Path out;

        @Override
        public Integer call() throws IOException {
            JsonNode t = parent.send("GET", PATH + "/items" + query(modelVersion), HttpRequest.BodyPublishers.noBody());
            if (t == null) {
                return 1;
            }
            StringBuilder sb = new StringBuilder();
            t.path("items").forEach(i -> sb.append(i.asText()).append('\n'));
            Files.writeString(out, sb, StandardCharsets.UTF_8);
            parent.root.out().println("Item table of model version " + t.path("modelVersion").asText() + ": "
                    + t.path("items").size() + " items written to " + out);
            return 0;
        }
    }

    @Command(name = "upload", mixinStandardHelpOptions = true, description = "Uploads an .onnx file; it is validated, judged on the hold-out and becomes the active version.")
    static final class Upload implements Callable<Integer> {
        @CommandLine.ParentCommand
        OnnxCommand parent;

        @Option(names = "--model-version", description = "The trained model version whose item table the model uses (default: the newest).")
        Long modelVersion;

        @Parameters(paramLabel = "FILE", description = "The .onnx file.")
        Path file;

        @Override
        public Integer call() throws IOException {
            JsonNode v = parent.send("POST", PATH + query(modelVersion),
                    HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(file)));
            if (v == null) {
                return 1;
            }
            header(parent.root.out());
            print(parent.root.out(), v);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the stored versions, newest first.")
    static final class ListAll implements Callable<Integer> {
        @CommandLine.ParentCommand
        OnnxCommand parent;

        @Override
        public Integer call() {
            JsonNode l = parent.send("GET", PATH, HttpRequest.BodyPublishers.noBody());
            if (l == null) {
                return 1;
            }
            header(parent.root.out());
            l.path("versions").forEach(v -> print(parent.root.out(), v));
            return 0;
        }
    }

    @Command(name = "activate", mixinStandardHelpOptions = true, description = "Makes a stored version the active one.")
    static final class Activate implements Callable<Integer> {
        @CommandLine.ParentCommand
        OnnxCommand parent;

        @Parameters(paramLabel = "VERSION")
        long version;

        @Override
        public Integer call() {
            JsonNode v = parent.send("POST", PATH + "/" + version + "/activate", HttpRequest.BodyPublishers.noBody());
            if (v == null) {
                return 1;
            }
            header(parent.root.out());
            print(parent.root.out(), v);
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a stored version.")
    static final class Delete implements Callable<Integer> {
        @CommandLine.ParentCommand
        OnnxCommand parent;

        @Parameters(paramLabel = "VERSION")
        long version;

        @Override
        public Integer call() {
            if (parent.send("DELETE", PATH + "/" + version, HttpRequest.BodyPublishers.noBody()) == null) {
                return 1;
            }
            parent.root.out().println("Deleted ONNX model version " + version);
            return 0;
        }
    }
}
