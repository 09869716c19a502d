package org.shoptide.server;

import java.io.PrintStream;
import java.time.Clock;
import org.shoptide.engine.api.Engine;
import org.shoptide.server.config.ServerConfig;
import org.shoptide.server.http.HttpApi;
import org.shoptide.server.http.OperatorKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running server: the composition (adapters and engine) and the HTTP API on top. */
public final class ShoptideServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShoptideServer.class);
    private final Composition composition;
    private final HttpApi api;

    private ShoptideServer(Composition composition, HttpApi api) {
        this.composition = composition;
        this.api = api;
    }

    /** Opens the data dir, resolves the operator key (printing a generated one to {@code out}) and starts HTTP. */
    public static ShoptideServer start(ServerConfig config, Clock clock, Composition.EngineFactory factory,
            PrintStream out) {
        LOG.atInfo().addKeyValue("config", config.redacted()).log("starting Shoptide");
        OperatorKey operatorKey = OperatorKey.resolve(config.operatorKey(), config.dataDir(), out);
        Composition composition = Composition.open(config, clock, factory);
        try {
            HttpApi api = new HttpApi(composition.engine(), operatorKey, composition.eventLog()::replay, clock,
                    config.httpHost(), config.httpPort(), config.maxBodyBytes(), config.recommendDefaultN(),
                    config.corsOrigins());
            int port = api.start();
            LOG.atInfo().addKeyValue("host", config.httpHost()).addKeyValue("port", port)
                    .log("Shoptide listening on {}:{}", config.httpHost(), port);
            return new ShoptideServer(composition, api);
        } catch (RuntimeException e) {
            composition.close();
            throw e;
        }
    }

    public int port() {
        return api.port();
    }

    public Engine engine() {
        return composition.engine();
    }

    public HttpApi api() {
        return api;
    }

    @Override
    public void close() {
        try {
            api.close();
        } finally {
            composition.close();
        }
    }
}
