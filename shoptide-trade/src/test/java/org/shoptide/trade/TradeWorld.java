package org.shoptide.trade;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.shoptide.core.catalog.Item;
import org.shoptide.core.event.Event;
import org.shoptide.core.port.PaymentProvider.NotificationRejected;
import org.shoptide.core.port.TradeStore;
import org.shoptide.core.shop.ShopId;
import org.shoptide.testing.fake.MutableClock;
import org.shoptide.trade.sandbox.SandboxPaymentProvider;
import org.shoptide.trade.sandbox.SandboxSettings;
import org.shoptide.trade.sandbox.SandboxSettings.Outcome;

/**
 * The trade services wired over a store, the sandbox provider and a real local HTTP notify endpoint, with a catalog map
 * and an event log that skips client event ids it has (like the engine's).
 */
final class TradeWorld implements AutoCloseable {
    static final ShopId SHOP = ShopId.of("shop-1");
    static final String SECRET = "sandbox-test-secret-123456";

    final MutableClock clock = new MutableClock(Instant.now());
    final Map<String, Item> catalog = new ConcurrentHashMap<>();
    final List<Event> events = new ArrayList<>();
    private final Set<String> eventIds = new HashSet<>();
    final TradeStore store;
    final HttpServer notifyServer;
    final TradeSettings settings;
    final SandboxPaymentProvider sandbox;
    final OutboxDispatcher outbox;
    final OrderService orders;
    final RefundService refunds;
    final PaymentService payments;
    final Reconciler reconciler;
    final BudgetService budgets;
    final List<String> outcomes = new ArrayList<>();
    volatile TradeEventSink sinkOverride;

    TradeWorld(TradeStore store, Path dir, Outcome auto, boolean reachable) {
        this(store, dir, auto, reachable, Duration.ZERO, 0, 0);
    }

    /** With the sandbox's failure knobs: random delivery delay, duplicate deliveries, time-out rate. */
    TradeWorld(TradeStore store, Path dir, Outcome auto, boolean reachable, Duration notifyDelay, int duplicates,
            double timeoutRate) {
        this.store = store;
        try {
            notifyServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base = reachable ? "http://127.0.0.1:" + notifyServer.getAddress().getPort() : "http://127.0.0.1:9";
        settings = new TradeSettings(Duration.ofMinutes(30), base, 3, Duration.ofMinutes(2));
        sandbox = new SandboxPaymentProvider(new SandboxSettings(dir.resolve("sandbox.ledger"), SECRET, base, auto,
                Duration.ZERO, notifyDelay, duplicates, timeoutRate, true, Duration.ofMinutes(5), 11), clock);
        outbox = new OutboxDispatcher(store, this::append, clock);
        orders = new OrderService(store, (shop, id) -> Optional.ofNullable(catalog.get(id)), clock, settings);
        refunds = new RefundService(store, sandbox, outbox, clock, settings);
        payments = new PaymentService(store, sandbox, refunds, outbox, clock, settings);
        reconciler = new Reconciler(store, sandbox, refunds, outbox, clock, settings);
        budgets = new BudgetService(store, clock);
        notifyServer.createContext("/v1/payments/sandbox/notify", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int status;
            try {
                String outcome = payments.notification("sandbox", headers, body);
                synchronized (outcomes) {
                    outcomes.add(outcome);
                }
                status = 204;
            } catch (NotificationRejected e) {
                status = 400;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        notifyServer.start();
    }

    private void append(ShopId shop, Event e) {
        TradeEventSink override = sinkOverride;
        synchronized (events) {
            if (eventIds.add(e.clientEventId())) {
                events.add(e);
            }
        }
        if (override != null) {
            override.append(shop, e);
        }
    }

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<String> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    void item(String id, Double price, String currency, boolean inStock, String... categories) {
        catalog.put(id, new Item(id, "Item " + id, null, price, currency, null, List.of(categories), null, null,
                inStock, null, null));
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        notifyServer.stop(0);
        sandbox.close();
    }
}
