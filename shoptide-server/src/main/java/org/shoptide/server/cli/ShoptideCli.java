package org.shoptide.server.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.shoptide.core.port.StoreException;
import org.shoptide.core.shop.ApiKeyKind;
import org.shoptide.core.shop.Shop;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.ConflictException;
import org.shoptide.engine.api.Engine;
import org.shoptide.engine.api.Filters;
import org.shoptide.engine.api.NotFoundException;
import org.shoptide.engine.api.Recommendation;
import org.shoptide.engine.api.RecommendationRequest;
import org.shoptide.engine.api.RecommendedItem;
import org.shoptide.engine.api.Scenario;
import org.shoptide.engine.api.ShopCredentials;
import org.shoptide.engine.api.TrainingReport;
import org.shoptide.engine.api.ValidationException;
import org.shoptide.server.Composition;
import org.shoptide.server.Logging;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.config.ConfigException;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.demo.DemoAdmin;
import org.shoptide.server.demo.DemoBanner;
import org.shoptide.server.demo.OnlineRetail;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code shoptide} command line: serve, demo, import, train, recommend, shops, admin, experiments, eval, rerank,
 * elt.
 */
@Command(name = "shoptide", mixinStandardHelpOptions = true, version = "Shoptide 0.1.0", description = "Real-time recommendations for online shops.", subcommands = {
        ShoptideCli.Serve.class, ShoptideCli.Demo.class, ImportCommand.class, ShoptideCli.Train.class,
        ShoptideCli.Recommend.class, ShoptideCli.Shops.class, AdminCommand.class, ExperimentsCommand.class,
        EvalCommand.class, RerankCommand.class, EltCommand.class, OnnxCommand.class })
public final class ShoptideCli implements Callable<Integer> {

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "Properties file (see config/shoptide.reference.properties); SHOPTIDE_* env vars override it.")
    Path configFile;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "DIR", description = "Overrides data.dir.")
    Path dataDir;

    private final Composition.EngineFactory engineFactory;
    private final Map<String, String> env;
    private final Clock clock;
    private InputStream in = System.in;
    private PrintStream out = System.out;
    private PrintStream err = System.err;

    public ShoptideCli(Composition.EngineFactory engineFactory, Map<String, String> env, Clock clock) {
        this.engineFactory = engineFactory;
        this.env = env;
        this.clock = clock;
    }

    public static void main(String[] args) {
        System.exit(run(Engines.production(), System.getenv(), System.out, System.err, args));
    }

    /** Runs one command; returns the exit code (0 ok, 1 failure, 2 usage). */
    public static int run(Composition.EngineFactory factory, Map<String, String> env, PrintStream out, PrintStream err,
            String... args) {
        return run(factory, env, System.in, out, err, args);
    }

    /** {@link #run(Composition.EngineFactory, Map, PrintStream, PrintStream, String...)} with its standard input. */
    public static int run(Composition.EngineFactory factory, Map<String, String> env, InputStream in, PrintStream out,
            PrintStream err, String... args) {
        ShoptideCli cli = new ShoptideCli(factory, env, Clock.systemUTC());
        cli.in = in;
        cli.out = out;
        cli.err = err;
        CommandLine cl = new CommandLine(cli);
        cl.setOut(new PrintWriter(new BufferedWriter(new OutputStreamWriter(out, UTF_8)), true));
        cl.setErr(new PrintWriter(new BufferedWriter(new OutputStreamWriter(err, UTF_8)), true));
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                err.println("error: " + e.getMessage());
                return 2;
            }
            if (e instanceof ValidationException v) {
                err.println("error: " + v.getMessage());
                v.violations().forEach(x -> err.println("  " + x.field() + ": " + x.message()));
                return 1;
            }
            if (e instanceof NotFoundException || e instanceof ConflictException) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            if (e instanceof StoreException) {
                err.println("error: " + e.getMessage());
                if (String.valueOf(e.getMessage()).contains("already open")) {
                    err.println("Is the server running on this data dir? Offline commands (import, train, recommend,"
                            + " shops) open the event log and the database exclusively: stop the server first.");
                }
                return 1;
            }
            err.println("error: " + e);
            e.printStackTrace(err);
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        new CommandLine(this).usage(out);
        return 2;
    }

    Clock clock() {
        return clock;
    }

    PrintStream err() {
        return err;
    }

    ServerConfig config() {
        ServerConfig c = ServerConfig.load(configFile, env);
        return dataDir == null ? c : c.withDataDir(dataDir);
    }

    Composition openComposition(ServerConfig c) {
        return Composition.open(c, clock, engineFactory);
    }

    PrintStream out() {
        return out;
    }

    InputStream in() {
        return in;
    }

    Map<String, String> env() {
        return env;
    }

    static ShopId shopId(String s) {
        if (!ShopId.isValid(s)) {
            throw new IllegalArgumentException("invalid shop id '" + s
                    + "': 1-64 characters of a-z, 0-9, '-' or '_', starting with a letter or digit");
        }
        return ShopId.of(s);
    }

    /** Blocks until the JVM shuts down (Ctrl-C, SIGTERM), then closes the server. */
    void serveUntilShutdown(ShoptideServer server) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.shutDown();
            } finally {
                stopped.countDown();
            }
        }, "shoptide-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stopped.await();
    }

    // ---------------------------------------------------------------- serve

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Runs the HTTP API.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.ParentCommand
        ShoptideCli root;

        @Option(names = "--port", description = "Overrides http.port.")
        Integer port;

        @Override
        public Integer call() throws Exception {
            ServerConfig c = root.config();
            if (port != null) {
                c = c.withPort(port);
            }
            Logging.configure(c.logFormat(), c.logLevel());
            ShoptideServer server = ShoptideServer.start(c, root.clock, root.engineFactory, root.out);
            root.out.println("Shoptide listening on http://" + displayHost(c.httpHost()) + ":" + server.port());
            root.out.flush();
            root.serveUntilShutdown(server);
            return 0;
        }
    }

    static String displayHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    // ---------------------------------------------------------------- demo

    @Command(name = "demo", mixinStandardHelpOptions = true, description = "Loads the UCI Online Retail data into shop 'demo' (once), trains, prints keys and serves.")
    public static final class Demo implements Callable<Integer> {
        public static final ShopId DEMO = ShopId.of("demo");
        public static final String LOADED_MARKER = "demo.loaded";

        @CommandLine.ParentCommand
        ShoptideCli root;

        @Option(names = "--port", description = "Overrides http.port.")
        Integer port;

        @Option(names = "--no-serve", description = "Load and train, print the keys, then exit.")
        boolean noServe;

        @Option(names = "--reset-admin-password", description = "Sets a new password for the dashboard account 'admin' (from "
                + DemoAdmin.PASSWORD_ENV + " or generated) and prints it.")
        boolean resetAdminPassword;

        /**
         * Starts the server with a quiet log, loads and trains, then prints the banner (keys, dashboard login) to
         * standard error, framed, and sends the access log to {@code <data.dir>/logs/access.log}, so that the banner is
         * not buried under request lines.
         */
        @Override
        public Integer call() throws Exception {
            ServerConfig c = root.config();
            if (port != null) {
                c = c.withPort(port);
            }
            Logging.configure(c.logFormat(),
                    "WARN".equals(c.logLevel()) || "ERROR".equals(c.logLevel()) ? c.logLevel() : "WARN");
            Path accessLog = Logging.accessLogToFile(c.dataDir());
            ShoptideServer server = ShoptideServer.startWarming(c, root.clock, root.engineFactory, root.out);
            try {
                Keys keys = prepare(server.engine(), c.dataDir(), root.err, root.clock.instant(),
                        OnlineRetail::openShipped);
                server.markReady();
                String url = "http://" + displayHost(c.httpHost()) + ":" + server.port();
                openStorefront(server, keys);
                DemoAdmin.Outcome admin = DemoAdmin.ensure(server.admin().accounts(),
                        root.env.get(DemoAdmin.PASSWORD_ENV), resetAdminPassword);
                Logging.configure(c.logFormat(), c.logLevel());
                DemoBanner.print(root.err, url, keys.publishable(), keys.secret(), !noServe, admin, accessLog);
                if (noServe) {
                    server.close();
                    return 0;
                }
            } catch (Exception e) {
                server.close();
                throw e;
            }
            root.serveUntilShutdown(server);
            return 0;
        }

        /** The demo shop's fresh plaintext keys. */
        public record Keys(String publishable, String secret) {
        }

        /**
         * Creates and loads the demo shop unless a previous run finished loading it, trains if no model is served, and
         * returns fresh keys (the stored ones are only hashes, so they are rotated on each start).
         */
        public static Keys prepare(Engine engine, Path dataDir, PrintStream err, Instant now, DataSource data)
                throws Exception {
            Keys keys;
            if (engine.shop(DEMO).isEmpty()) {
                ShopCredentials creds = engine.createShop(DEMO, "Demo: UCI Online Retail");
                keys = new Keys(creds.publishableKey(), creds.secretKey());
            } else {
                keys = new Keys(engine.rotateKey(DEMO, ApiKeyKind.PUBLISHABLE),
                        engine.rotateKey(DEMO, ApiKeyKind.SECRET));
            }
            Path marker = dataDir.resolve(LOADED_MARKER);
            if (!Files.exists(marker)) {
                long t0 = System.nanoTime();
                err.println("Loading the UCI Online Retail data set into shop 'demo'...");
                OnlineRetail.Summary s;
                try (InputStream in = data.open()) {
                    s = OnlineRetail.load(engine, DEMO, in, now);
                }
                err.printf(Locale.ROOT,
                        "Loaded %,d items and %,d purchases of %,d customers (%,d new events) in %.1f s%n", s.items(),
                        s.purchases(), s.customers(), s.accepted(), (System.nanoTime() - t0) / 1e9);
                Files.writeString(marker, "items=" + s.items() + "\npurchases=" + s.purchases() + "\n");
            }
            if (engine.currentModel(DEMO).isEmpty()) {
                err.println("Training the demo model...");
                TrainingReport r = engine.train(DEMO);
                err.printf(Locale.ROOT, "Trained model v%d on %,d events in %.1f s%n", r.model().version(),
                        r.eventsRead(), r.took().toMillis() / 1000.0);
            }
            return keys;
        }

        /**
         * Opens the demo storefront at {@code /demo/demo}: its pages embed the fresh publishable key, which is held in
         * memory only (Shoptide stores key hashes).
         */
        public static void openStorefront(ShoptideServer server, Keys keys) {
            server.api().storefront().keys().register(DEMO, keys.publishable());
        }

        /** Opens the uncompressed Online Retail CSV. */
        @FunctionalInterface
        public interface DataSource {
            InputStream open() throws IOException;
        }
    }

    // ---------------------------------------------------------------- train

    @Command(name = "train", mixinStandardHelpOptions = true, description = "Trains a shop's model now and publishes it (server stopped).")
    static final class Train implements Callable<Integer> {
        @CommandLine.ParentCommand
        ShoptideCli root;

        @Option(names = "--shop", required = true)
        String shop;

        @Override
        public Integer call() {
            ServerConfig c = root.config();
            Logging.configure(c.logFormat(), "WARN");
            try (Composition comp = root.openComposition(c)) {
                TrainingReport r = comp.engine().train(shopId(shop));
                root.out.printf(Locale.ROOT, "Trained %s: model v%d, %,d events, %,d users, %,d items, %d ms%n", shop,
                        r.model().version(), r.eventsRead(), r.users(), r.items(), r.took().toMillis());
                r.stats().forEach((k, v) -> root.out.println("  " + k + ": " + v));
                return 0;
            }
        }
    }

    // ---------------------------------------------------------------- recommend

    @Command(name = "recommend", mixinStandardHelpOptions = true, description = "Prints recommendations of a shop (server stopped).")
    static final class Recommend implements Callable<Integer> {
        @CommandLine.ParentCommand
        ShoptideCli root;

        @Option(names = "--shop", required = true)
        String shop;

        @Option(names = "--scenario", defaultValue = "user", description = "user, item, cart or trending.")
        String scenario;

        @Option(names = "--user")
        String user;

        @Option(names = "--anonymous")
        String anonymous;

        @Option(names = "--item")
        String item;

        @Option(names = "--items", split = ",", description = "Cart items, comma-separated.")
        List<String> items;

        @Option(names = { "-n", "--n" }, defaultValue = "10")
        int n;

        @Option(names = "--category")
        String category;

        @Override
        public Integer call() {
            Scenario s;
            try {
                s = Scenario.valueOf(scenario.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--scenario must be user, item, cart or trending");
            }
            ServerConfig c = root.config();
            Logging.configure(c.logFormat(), "WARN");
            try (Composition comp = root.openComposition(c)) {
                Recommendation r = comp.engine().recommend(new RecommendationRequest(shopId(shop), s, user, anonymous,
                        item, items, n, new Filters(category, null, null, null, false), true, null));
                root.out.printf(Locale.ROOT, "%s recommendations (model v%d, id %s):%n", s.wireName(), r.modelVersion(),
                        r.recommendationId());
                int i = 1;
                for (RecommendedItem ri : r.items()) {
                    root.out.printf(Locale.ROOT, "%3d. %-10s %-45s %8s  %.4f  %s%n", i++, ri.itemId(),
                            ri.item() == null || ri.item().title() == null ? "" : ri.item().title(),
                            ri.item() == null || ri.item().price() == null ? ""
                                    : String.format(Locale.ROOT, "%.2f", ri.item().price()),
                            ri.score(), ri.reason() == null ? "" : ri.reason());
                }
                return 0;
            }
        }
    }

    // ---------------------------------------------------------------- shops

    @Command(name = "shops", mixinStandardHelpOptions = true, description = "Creates or lists shops (server stopped).", subcommands = {
            Shops.Create.class, Shops.ListShops.class })
    static final class Shops implements Callable<Integer> {
        @CommandLine.ParentCommand
        ShoptideCli root;

        @Override
        public Integer call() {
            new CommandLine(this).usage(root.out);
            return 2;
        }

        @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a shop and prints its keys once.")
        static final class Create implements Callable<Integer> {
            @CommandLine.ParentCommand
            Shops parent;

            @Option(names = "--id", required = true)
            String id;

            @Option(names = "--name", required = true)
            String name;

            @Override
            public Integer call() {
                ShoptideCli root = parent.root;
                ServerConfig c = root.config();
                Logging.configure(c.logFormat(), "WARN");
                try (Composition comp = root.openComposition(c)) {
                    ShopId shop = shopId(id);
                    if (comp.engine().shop(shop).isPresent()) {
                        throw new IllegalArgumentException("shop '" + id + "' already exists");
                    }
                    ShopCredentials cr = comp.engine().createShop(shop, name);
                    root.out.println("Created shop " + id + " (keys are shown once):");
                    root.out.println("  publishable key: " + cr.publishableKey());
                    root.out.println("  secret key:      " + cr.secretKey());
                    return 0;
                }
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists shops.")
        static final class ListShops implements Callable<Integer> {
            @CommandLine.ParentCommand
            Shops parent;

            @Override
            public Integer call() {
                ShoptideCli root = parent.root;
                ServerConfig c = root.config();
                Logging.configure(c.logFormat(), "WARN");
                try (Composition comp = root.openComposition(c)) {
                    for (Shop s : comp.engine().listShops()) {
                        String model = comp.engine().currentModel(s.id())
                                .map(m -> "model v" + m.version() + ", "
                                        + Duration.between(m.createdAt(), root.clock.instant()).toMinutes()
                                        + " min old")
                                .orElse("no model");
                        root.out.printf(Locale.ROOT, "%-20s %-30s %s%n", s.id(), s.name(), model);
                    }
                    return 0;
                }
            }
        }
    }
}
