package org.shoptide.server.e2e;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.shoptide.core.shop.ShopId;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.ShoptideServer;
import org.shoptide.server.cli.Engines;
import org.shoptide.server.cli.ShoptideCli;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.demo.OnlineRetail;

/**
 * A real Shoptide server for browser tests: the production engine over the embedded stores in a temporary data
 * directory, HTTP on a free loopback port, and the demo shop loaded from the first {@code lines} lines of the shipped
 * UCI Online Retail file and trained, and its storefront opened at {@code /demo/demo}, exactly as {@code shoptide demo}
 * does it.
 */
public final class E2eShop implements AutoCloseable {
    public static final ShopId DEMO = ShoptideCli.Demo.DEMO;
    public static final String OPERATOR_KEY = "op-e2e-key-0123456789abcdef";

    public final ShoptideServer server;
    public final Path dataDir;
    public final ShoptideCli.Demo.Keys keys;
    public final String baseUrl;

    private E2eShop(ShoptideServer server, Path dataDir, ShoptideCli.Demo.Keys keys) {
        this.server = server;
        this.dataDir = dataDir;
        this.keys = keys;
        this.baseUrl = "http://127.0.0.1:" + server.port();
    }

    /** Starts with the default slice (about 20k CSV lines: ~1,500 items, a few hundred customers). */
    public static E2eShop start() {
        return start(20_000, Map.of());
    }

    /** Starts on {@code lines} CSV lines of the shipped file, with extra config keys (e.g. admin settings). */
    public static E2eShop start(int lines, Map<String, String> config) {
        try {
            Path dir = Files.createTempDirectory("shoptide-e2e-");
            Map<String, String> keys = new HashMap<>(Map.of("data.dir", dir.toString(), "http.host", "127.0.0.1",
                    "http.port", "0", "operator.key", OPERATOR_KEY));
            keys.putAll(config);
            ServerConfig c = ServerConfig.fromMap(keys);
            E2eShop shop = null;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            ShoptideServer server = ShoptideServer.start(c, Clock.systemUTC(), Engines.production(), print);
            try {
                ShoptideCli.Demo.Keys k = ShoptideCli.Demo.prepare(server.engine(), dir, print,
                        Clock.systemUTC().instant(), () -> head(lines));
                ShoptideCli.Demo.openStorefront(server, k);
                shop = new E2eShop(server, dir, k);
                return shop;
            } finally {
                if (shop == null) {
                    server.close();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not start the e2e shop", e);
        }
    }

    public Engine engine() {
        return server.engine();
    }

    public String url(String path) {
        return baseUrl + path;
    }

    /** The first {@code lines} lines (header included) of the shipped CSV, decompressed. */
    static InputStream head(int lines) throws IOException {
        StringBuilder b = new StringBuilder();
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(OnlineRetail.openShipped(), StandardCharsets.UTF_8))) {
            String line;
            for (int i = 0; i < lines && (line = r.readLine()) != null; i++) {
                b.append(line).append('\n');
            }
        }
        return new ByteArrayInputStream(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
