package org.shoptide.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.shoptide.core.alert.AlertDelivery;
import org.shoptide.core.alert.AlertState;
import org.shoptide.core.port.AlertStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in notifier: on a timer, evaluates the rules over the registry ({@link RuleEvaluator}), moves the alert
 * instances ({@link AlertStateMachine}) and queues one delivery per message and channel in the same store transaction
 * as the state change; then sends what is due, retrying a failed delivery with exponential back-off
 * ({@code retryBase · 2^(attempts-1)}, at most {@code retryMax}) until {@code maxAttempts}. A restart continues from
 * the stored states and outbox: nothing queued is lost and nothing sent is queued again. Create it when the registry's
 * counters start (server start-up): counters it sees later count from zero at its creation.
 */
public final class AlertNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
    private final List<AlertRule> rules;
    private final AlertStore store;
    private final Map<String, AlertChannel> channels = new LinkedHashMap<>();
    private final Clock clock;
    private final Settings settings;
    private final Runnable beforeEvaluate;
    private final RuleEvaluator evaluator;
    private final AlertStateMachine machine;
    private ScheduledExecutorService scheduler;

    /** Timing of the notifier. */
    public record Settings(Duration evaluateEvery, Duration repeatInterval, Duration retryBase, Duration retryMax,
            int maxAttempts) {
        public Settings {
            Objects.requireNonNull(evaluateEvery, "evaluateEvery");
            Objects.requireNonNull(repeatInterval, "repeatInterval");
            Objects.requireNonNull(retryBase, "retryBase");
            Objects.requireNonNull(retryMax, "retryMax");
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }
    }

    /**
     * A notifier that is not started yet.
     *
     * @param beforeEvaluate
     *            run before each evaluation (e.g. refresh gauges that are computed on scrape)
     */
    public AlertNotifier(List<AlertRule> rules, MeterRegistry registry, AlertStore store, List<AlertChannel> channels,
            Clock clock, Settings settings, Runnable beforeEvaluate) {
        this.rules = List.copyOf(rules);
        this.store = Objects.requireNonNull(store, "store");
        channels.forEach(c -> this.channels.put(c.name(), c));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.beforeEvaluate = Objects.requireNonNull(beforeEvaluate, "beforeEvaluate");
        this.evaluator = new RuleEvaluator(registry, clock.instant());
        this.machine = new AlertStateMachine(settings.repeatInterval());
    }

    public List<AlertRule> rules() {
        return rules;
    }

    public List<String> channelNames() {
        return List.copyOf(channels.keySet());
    }

    /** Evaluates every rule once and stores the changes with their deliveries; returns the messages queued. */
    public synchronized int evaluate() {
        Instant now = clock.instant();
        try {
            beforeEvaluate.run();
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("refreshing metrics before alert evaluation failed");
        }
        Map<AlertRule, List<RuleEvaluator.Result>> results = new LinkedHashMap<>();
        for (AlertRule rule : rules) {
            try {
                results.put(rule, evaluator.evaluate(rule, now));
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("rule", rule.name()).setCause(e).log("alert rule failed to evaluate");
            }
        }
        List<AlertState> stored = store.states();
        AlertStateMachine.Changes changes = machine.step(results, stored, store.silences(), now,
                rule -> evaluator.canResolve(rule, now));
        evaluator.roundDone(now);
        List<String> deletes = new ArrayList<>(changes.deletes());
        deletes.addAll(AlertStateMachine.orphans(rules, stored));
        List<AlertDelivery> deliveries = new ArrayList<>();
        for (AlertStateMachine.Keyed k : changes.messages()) {
            String payload = k.message().toJson();
            for (String channel : channels.keySet()) {
                deliveries.add(new AlertDelivery(UUID.randomUUID().toString(), channel, k.alertKey(), payload, now, 0,
                        now, null));
            }
            LOG.atInfo().addKeyValue("alert", k.alertKey()).addKeyValue("status", k.message().status())
                    .log("alert {} {}", k.message().status(), k.alertKey());
        }
        store.apply(changes.upserts(), deletes, deliveries);
        return changes.messages().size();
    }

    /** Sends every delivery that is due; returns how many were accepted. */
    public synchronized int deliver() {
        int sent = 0;
        Instant now = clock.instant();
        for (AlertDelivery d : store.due(now, 100)) {
            AlertChannel channel = channels.get(d.channel());
            int attempts = d.attempts() + 1;
            try {
                if (channel == null) {
                    throw new AlertChannel.DeliveryException("channel " + d.channel() + " is not configured");
                }
                channel.send(AlertMessage.fromJson(d.payload()));
                store.delivered(d.id());
                sent++;
            } catch (RuntimeException e) {
                Instant next = channel == null || attempts >= settings.maxAttempts() ? null
                        : now.plus(backoff(attempts));
                store.failed(d.id(), attempts, next, String.valueOf(e.getMessage()));
                LOG.atWarn().addKeyValue("channel", d.channel()).addKeyValue("attempts", attempts)
                        .addKeyValue("gaveUp", next == null).log("alert delivery failed: {}", e.getMessage());
            }
        }
        return sent;
    }

    Duration backoff(int attempts) {
        Duration d = settings.retryBase().multipliedBy(1L << Math.min(attempts - 1, 30));
        return d.compareTo(settings.retryMax()) > 0 ? settings.retryMax() : d;
    }

    /** One evaluation and one delivery pass. */
    public void tick() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("alert evaluation failed, will run again");
        }
        try {
            deliver();
        } catch (RuntimeException e) {
            LOG.atWarn().setCause(e).log("alert delivery pass failed, will run again");
        }
    }

    /** Runs {@link #tick()} every {@code evaluateEvery} on a daemon thread. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("started already");
        }
        scheduler = Executors
                .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("alert-notifier").factory());
        long ms = settings.evaluateEvery().toMillis();
        ScheduledFuture<?> unused = scheduler.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ScheduledExecutorService s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
        }
        if (s != null) {
            s.shutdownNow();
            try {
                s.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
