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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Experimentation;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.server.Composition;
import org.shoptide.server.Logging;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.ExperimentJson;
import org.shoptide.server.http.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code shoptide experiments create|list|start|stop|results}: against a running server over HTTP ({@code --url} and
 * the shop's secret key, or {@code SHOPTIDE_URL} / {@code SHOPTIDE_KEY}), or offline on the data dir with
 * {@code --shop} (the server stopped). Both print the same tables from the same JSON.
 */
@Command(name = "experiments", mixinStandardHelpOptions = true, description = {
        "Creates, starts, stops and lists A/B experiments and prints their results.",
        "Against a server: --url URL --key SECRET_KEY (or SHOPTIDE_URL, SHOPTIDE_KEY).",
        "Offline on the data dir (server stopped): --shop ID." }, subcommands = { ExperimentsCommand.Create.class,
                ExperimentsCommand.ListAll.class, ExperimentsCommand.Start.class, ExperimentsCommand.Stop.class,
                ExperimentsCommand.Results.class })
final class ExperimentsCommand implements Callable<Integer> {
    @CommandLine.ParentCommand
    ShoptideCli root;

    @Option(names = "--url", scope = CommandLine.ScopeType.INHERIT, description = "Base URL of a running server, e.g. http://127.0.0.1:8080.")
    String url;

    @Option(names = "--key", scope = CommandLine.ScopeType.INHERIT, description = "The shop's secret key (else SHOPTIDE_KEY).")
    String key;

    @Option(names = "--shop", scope = CommandLine.ScopeType.INHERIT, description = "Work on this shop in the data dir instead of a server.")
    String shop;

    @Override
    public Integer call() {
        new CommandLine(this).usage(root.out());
        return 2;
    }

    /** One operation, answered as the HTTP API's JSON. */
    @FunctionalInterface
    interface Operation {
        JsonNode run(Backend backend);
    }

    /** Where the experiments live. */
    interface Backend {
        JsonNode create(String definition);

        JsonNode list();

        JsonNode start(String id);

        JsonNode stop(String id);

        JsonNode results(String id);
    }

    int run(Operation op, Consumer<JsonNode> print) {
        String base = url != null ? url : root.env().get("SHOPTIDE_URL");
        if (base != null && shop != null) {
            throw new IllegalArgumentException("give --url (a server) or --shop (the data dir), not both");
        }
        if (base != null) {
            String k = key != null ? key : root.env().get("SHOPTIDE_KEY");
            if (k == null || k.isBlank()) {
                throw new IllegalArgumentException("--key (or SHOPTIDE_KEY) with the shop's secret key is required");
            }
            print.accept(op.run(new HttpBackend(base, k)));
            return 0;
        }
        if (shop == null) {
            throw new IllegalArgumentException(
                    "give --url URL --key SECRET_KEY for a server, or --shop ID for the data dir");
        }
        ServerConfig c = root.config();
        Logging.configure(c.logFormat(), "WARN");
        try (Composition comp = root.openComposition(c)) {
            if (!(comp.engine() instanceof Experimentation x)) {
                throw new IllegalArgumentException("this engine has no experiments");
            }
            ShopId id = ShoptideCli.shopId(shop);
            if (comp.engine().shop(id).isEmpty()) {
                throw new IllegalArgumentException("shop '" + shop + "' does not exist");
            }
            print.accept(op.run(new LocalBackend(x, id)));
            return 0;
        }
    }

    // ---------------------------------------------------------------- subcommands

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a draft from a JSON definition (see docs/API.md); prints its id.")
    static final class Create implements Callable<Integer> {
        @CommandLine.ParentCommand
        ExperimentsCommand parent;

        @Parameters(paramLabel = "FILE", description = "JSON definition, or - for stdin.")
        String file;

        @Override
        public Integer call() throws IOException {
            String definition = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            return parent.run(b -> b.create(definition), e -> parent.root.out()
                    .println("Created experiment " + e.path("id").asText() + " (draft): " + e.path("name").asText()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the shop's experiments.")
    static final class ListAll implements Callable<Integer> {
        @CommandLine.ParentCommand
        ExperimentsCommand parent;

        @Override
        public Integer call() {
            return parent.run(Backend::list, list -> {
                PrintStream out = parent.root.out();
                out.printf(Locale.ROOT, "%-18s %-8s %-9s %-28s %s%n", "id", "status", "scenario", "variants", "name");
                for (JsonNode e : list.path("experiments")) {
                    StringBuilder variants = new StringBuilder();
                    for (JsonNode v : e.path("variants")) {
                        variants.append(variants.isEmpty() ? "" : ", ").append(v.path("name").asText());
                    }
                    out.printf(Locale.ROOT, "%-18s %-8s %-9s %-28s %s%n", e.path("id").asText(),
                            e.path("status").asText(), e.path("scenario").asText(), variants, e.path("name").asText());
                }
            });
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts a draft.")
    static final class Start implements Callable<Integer> {
        @CommandLine.ParentCommand
        ExperimentsCommand parent;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return parent.run(b -> b.start(id), e -> parent.root.out()
                    .println("Experiment " + id + " is running since " + e.path("startedAt").asText()));
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a running experiment.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.ParentCommand
        ExperimentsCommand parent;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return parent.run(b -> b.stop(id),
                    e -> parent.root.out().println("Experiment " + id + " stopped at " + e.path("stoppedAt").asText()));
        }
    }

    @Command(name = "results", mixinStandardHelpOptions = true, description = "Prints per-variant results with 95% intervals, differences to the control, SRM and guardrails.")
    static final class Results implements Callable<Integer> {
        @CommandLine.ParentCommand
        ExperimentsCommand parent;

        @Parameters(paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "Print the JSON of GET /v1/experiments/{id}/results instead of tables.")
        boolean json;

        @Override
        public Integer call() {
            return parent.run(b -> b.results(id), r -> {
                if (json) {
                    parent.root.out().println(r.toPrettyString());
                } else {
                    printResults(parent.root.out(), r);
                }
            });
        }
    }

    // ---------------------------------------------------------------- rendering

    /** The results as text tables: one row per variant, then each variant's differences to the control. */
    static void printResults(PrintStream out, JsonNode r) {
        JsonNode e = r.path("experiment");
        out.printf(Locale.ROOT, "Experiment %s \"%s\" (%s, scenario %s, started %s%s)%n", e.path("id").asText(),
                e.path("name").asText(), e.path("status").asText(), e.path("scenario").asText(),
                e.path("startedAt").asText("-"),
                e.path("stoppedAt").isTextual() ? ", stopped " + e.path("stoppedAt").asText() : "");
        String row = "%-12s %8s %8s %7s  %-24s %-24s %-26s %-26s %12s%n";
        out.printf(Locale.ROOT, row, "variant", "visitors", "impr", "clicks", "ctr", "conversion", "aov",
                "revenue/visitor", "attributed");
        for (JsonNode v : r.path("variants")) {
            out.printf(Locale.ROOT, row, v.path("name").asText(), v.path("visitors").asLong(),
                    v.path("impressions").asLong(), v.path("clicks").asLong(), pct(v.path("ctr")),
                    pct(v.path("conversionRate")), money(v.path("aov")), money(v.path("revenuePerVisitor")),
                    String.format(Locale.ROOT, "%.2f", v.path("attributedRevenue").asDouble()));
        }
        for (JsonNode v : r.path("variants")) {
            JsonNode vs = v.path("vsControl");
            if (vs.isEmpty()) {
                continue;
            }
            out.printf(Locale.ROOT, "%n%s vs %s (difference, 95%% interval, p-value):%n", v.path("name").asText(),
                    r.path("control").asText());
            for (Map.Entry<String, JsonNode> d : vs.properties()) {
                boolean rate = d.getKey().equals("ctr") || d.getKey().equals("conversionRate");
                JsonNode ci = d.getValue().path("ci95");
                out.printf(Locale.ROOT, "  %-28s %s [%s, %s]  p=%s%s%n", d.getKey(),
                        signed(d.getValue().path("diff"), rate), signed(ci.path(0), rate), signed(ci.path(1), rate),
                        num(d.getValue().path("pValue"), "%.4f"),
                        d.getValue().path("significant").asBoolean() ? "  significant" : "");
            }
        }
        JsonNode srm = r.path("srm");
        out.printf(Locale.ROOT, "%nSample ratio: p=%s %s%n", num(srm.path("pValue"), "%.4f"),
                srm.path("mismatch").asBoolean() ? "MISMATCH (p < 0.001): do not trust these results" : "(ok)");
        if (!r.path("guardrails").isEmpty()) {
            StringBuilder g = new StringBuilder("Guardrails:");
            for (JsonNode gr : r.path("guardrails")) {
                g.append(' ').append(gr.path("variant").asText()).append('/').append(gr.path("metric").asText())
                        .append(gr.path("violated").asBoolean() ? " VIOLATED" : " ok").append(';');
            }
            out.println(g.substring(0, g.length() - 1));
        }
    }

    private static String pct(JsonNode estimate) {
        JsonNode ci = estimate.path("ci95");
        if (estimate.path("value").isNull() || estimate.path("value").isMissingNode()) {
            return "-";
        }
        String v = String.format(Locale.ROOT, "%.2f%%", 100 * estimate.path("value").asDouble());
        return ci.isArray()
                ? v + String.format(Locale.ROOT, " [%.2f, %.2f]", 100 * ci.get(0).asDouble(),
                        100 * ci.get(1).asDouble())
                : v;
    }

    private static String money(JsonNode estimate) {
        JsonNode ci = estimate.path("ci95");
        if (estimate.path("value").isNull() || estimate.path("value").isMissingNode()) {
            return "-";
        }
        String v = String.format(Locale.ROOT, "%.2f", estimate.path("value").asDouble());
        return ci.isArray()
                ? v + String.format(Locale.ROOT, " [%.2f, %.2f]", ci.get(0).asDouble(), ci.get(1).asDouble())
                : v;
    }

    /** A difference: percentage points for rates, currency units for means. */
    private static String signed(JsonNode n, boolean rate) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "-";
        }
        return rate ? String.format(Locale.ROOT, "%+.2f pp", 100 * n.asDouble())
                : String.format(Locale.ROOT, "%+.2f", n.asDouble());
    }

    private static String num(JsonNode n, String format) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : String.format(Locale.ROOT, format, n.asDouble());
    }

    // ---------------------------------------------------------------- backends

    /** The engine on the data dir, answering the HTTP API's JSON. */
    record LocalBackend(Experimentation x, ShopId shop) implements Backend {
        @Override
        public JsonNode create(String definition) {
            return Json.MAPPER.valueToTree(ExperimentJson.experiment(x.createExperiment(shop, definition)));
        }

        @Override
        public JsonNode list() {
            return Json.MAPPER.valueToTree(
                    Map.of("experiments", x.experiments(shop).stream().map(ExperimentJson::experiment).toList()));
        }

        @Override
        public JsonNode start(String id) {
            return Json.MAPPER.valueToTree(ExperimentJson.experiment(x.startExperiment(shop, id)));
        }

        @Override
        public JsonNode stop(String id) {
            return Json.MAPPER.valueToTree(ExperimentJson.experiment(x.stopExperiment(shop, id)));
        }

        @Override
        public JsonNode results(String id) {
            if (x.experiment(shop, id).isEmpty()) {
                throw new NotFoundException("experiment '" + id + "' does not exist in shop " + shop);
            }
            return Json.MAPPER.valueToTree(ExperimentJson.results(x.experimentResults(shop, id)));
        }
    }

    /** A running server; a problem answer becomes an error naming its detail and fields. */
    static final class HttpBackend implements Backend {
        private final String base;
        private final String key;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        HttpBackend(String base, String key) {
            this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
            this.key = key;
        }

        private JsonNode call(String method, String path, String body) {
            HttpRequest.Builder b;
            try {
                b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad --url '" + base + "': " + e.getMessage());
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            HttpResponse<String> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot reach " + base + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            JsonNode json;
            try {
                json = r.body().isEmpty() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + " without JSON");
            }
            if (r.statusCode() >= 300) {
                StringBuilder msg = new StringBuilder(method + " " + path + " failed with " + r.statusCode() + ": "
                        + json.path("detail").asText(r.body()));
                for (JsonNode err : json.path("errors")) {
                    msg.append("\n  ").append(err.path("field").asText()).append(": ")
                            .append(err.path("message").asText());
                }
                throw new IllegalArgumentException(msg.toString());
            }
            return json;
        }

        @Override
        public JsonNode create(String definition) {
            return call("POST", "/v1/experiments", definition);
        }

        @Override
        public JsonNode list() {
            return call("GET", "/v1/experiments", null);
        }

        @Override
        public JsonNode start(String id) {
            return call("POST", "/v1/experiments/" + id + "/start", null);
        }

        @Override
        public JsonNode stop(String id) {
            return call("POST", "/v1/experiments/" + id + "/stop", null);
        }

        @Override
        public JsonNode results(String id) {
            return call("GET", "/v1/experiments/" + id + "/results", null);
        }
    }
}
