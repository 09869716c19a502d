package org.shoptide.trade.sandbox;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.trade.sandbox.SandboxLedger.Note;
import org.shoptide.trade.sandbox.SandboxLedger.Pay;
import org.shoptide.trade.sandbox.SandboxLedger.Ref;
import org.shoptide.trade.sandbox.SandboxSettings.Outcome;

/**
 * The built-in payment provider. It behaves like a real one: its books ({@link SandboxLedger}) survive a kill of the
 * server; it is idempotent on payment and refund ids; payers pay or fail on a hosted page ({@link #page},
 * {@link #complete}); notifications are HTTP POSTs of a form body to the payment's notify URL, signed with HMAC-SHA256
 * ({@link SandboxSignature}), delivered again with exponential back-off until the receiver answers 2xx (also after a
 * restart). The failure knobs of {@link SandboxSettings} add random delays (so notifications overtake each other),
 * duplicate deliveries and time-outs.
 * <p>
 * Notification body fields: {@code id} (notification id), {@code created} (ISO instant), {@code type} ({@code payment}
 * or {@code refund}), {@code paymentId}, {@code state}, {@code amount} (minor units), {@code currency},
 * {@code transactionId}, {@code paidAt}; refunds add {@code refundId} and {@code succeededAt}. Thread-safe.
 */
public final class SandboxPaymentProvider implements PaymentProvider, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SandboxPaymentProvider.class.getName());
    /** The name payments are stored under and the notify route uses. */
    public static final String NAME = "sandbox";
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final SandboxSettings settings;
    private final Clock clock;
    private final SandboxLedger ledger;
    private final SandboxSignature signature;
    private final SplittableRandom random;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Outcome> scripted = new ConcurrentHashMap<>();
    private long sequence;

    public SandboxPaymentProvider(SandboxSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signature = new SandboxSignature(settings.secret());
        this.random = new SplittableRandom(settings.seed() != 0 ? settings.seed() : System.nanoTime());
        this.ledger = new SandboxLedger(settings.ledgerFile());
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.scheduler = Executors
                .newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sandbox-notifier").factory());
        synchronized (this) {
            sequence = (long) ledger.notes.size() + ledger.refunds.size() + ledger.payments.size();
            for (Note n : ledger.notes.values()) {
                if (!n.delivered()) {
                    deliver(n, 0, Duration.ZERO);
                }
            }
            // payers keep paying while the merchant's server is down: a restart resumes the automatic outcomes
            ledger.payments.values().stream().filter(p -> p.state() == PaymentState.PENDING)
                    .forEach(p -> scheduleAutoOutcome(p.id()));
            if (settings.autoSettleRefunds()) {
                ledger.refunds.values().stream().filter(r -> r.state() == RefundState.PROCESSING)
                        .forEach(r -> scheduler.execute(() -> settleRefund(r.id())));
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Fails a share of calls with a retryable time-out, half of them after {@code call} took effect. */
    private synchronized <T> T flaky(String what, Supplier<T> call) {
        if (settings.timeoutRate() > 0 && random.nextDouble() < settings.timeoutRate()) {
            boolean after = random.nextBoolean();
            if (after) {
                T unused = call.get();
            }
            throw new PaymentException("sandbox " + what + " timed out", true, null);
        }
        return call.get();
    }

    @Override
    public Prepay prepay(PrepayRequest r) {
        return flaky("prepay", () -> {
            if (!r.paymentId().matches("[A-Za-z0-9_-]{6,32}")) {
                throw new PaymentException("paymentId must be 6 to 32 characters of [A-Za-z0-9_-]", false, null);
            }
            if (r.channel() == Channel.JSAPI) {
                throw new PaymentException("the sandbox has no JSAPI channel; use page or native", false, null);
            }
            Pay p = ledger.payments.get(r.paymentId());
            if (p == null) {
                Instant expires = r.expiresAt() != null ? r.expiresAt() : clock.instant().plus(Duration.ofHours(2));
                p = new Pay(r.paymentId(), r.amountMinor(), r.currency(), r.channel(), r.description(), r.notifyUrl(),
                        expires, PaymentState.PENDING, null, null, 0);
                ledger.save(p);
                scheduleAutoOutcome(p.id());
            } else if (p.amount() != r.amountMinor() || !p.currency().equals(r.currency())) {
                throw new PaymentException("payment " + r.paymentId() + " exists with another amount", false, null);
            } else if (p.state() != PaymentState.PENDING) {
                throw new PaymentException("payment " + r.paymentId() + " is " + p.state(), false, null);
            }
            String url = settings.pageBaseUrl() + "/sandbox/pay/" + p.id();
            return r.channel() == Channel.NATIVE ? new Prepay(p.id(), url, null, null)
                    : new Prepay(p.id(), null, null, url);
        });
    }

    private void scheduleAutoOutcome(String paymentId) {
        if (settings.autoOutcome() != Outcome.NONE) {
            ScheduledFuture<?> unused = scheduler.schedule(() -> {
                Outcome o = scripted.getOrDefault(paymentId, settings.autoOutcome());
                if (o != Outcome.NONE) {
                    complete(paymentId, o == Outcome.SUCCEED);
                }
            }, settings.autoDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Overrides the automatic outcome for one payment (tests, demos). */
    public void script(String paymentId, Outcome outcome) {
        scripted.put(paymentId, outcome);
    }

    @Override
    public PaymentStatus query(String paymentId) {
        return flaky("query", () -> {
            Pay p = expireIfDue(ledger.payments.get(paymentId));
            return p == null ? new PaymentStatus(paymentId, PaymentState.NOT_FOUND, null, 0, null, null) : status(p);
        });
    }

    private Pay expireIfDue(Pay p) {
        if (p != null && p.state() == PaymentState.PENDING && !clock.instant().isBefore(p.expiresAt())) {
            Pay closed = p.with(PaymentState.CLOSED, null, null, 0);
            ledger.save(closed);
            return closed;
        }
        return p;
    }

    private static PaymentStatus status(Pay p) {
        return new PaymentStatus(p.id(), p.state(), p.transactionId(), p.amount(), p.currency(), p.paidAt());
    }

    @Override
    public void close(String paymentId) {
        flaky("close", () -> {
            Pay p = expireIfDue(ledger.payments.get(paymentId));
            if (p == null || p.state() == PaymentState.CLOSED || p.state() == PaymentState.FAILED) {
                return null;
            }
            if (p.state() != PaymentState.PENDING) {
                throw new PaymentException("payment " + paymentId + " is " + p.state() + " and cannot be closed", false,
                        null);
            }
            ledger.save(p.with(PaymentState.CLOSED, null, null, 0));
            return null;
        });
    }

    @Override
    public RefundStatus refund(RefundRequest r) {
        return flaky("refund", () -> {
            Ref existing = ledger.refunds.get(r.refundId());
            if (existing != null) {
                if (existing.amount() != r.refundMinor() || !existing.paymentId().equals(r.paymentId())) {
                    throw new PaymentException("refund " + r.refundId() + " exists with another amount", false, null);
                }
                return refundStatus(existing);
            }
            Pay p = ledger.payments.get(r.paymentId());
            boolean paid = p != null && (p.state() == PaymentState.PAID || p.state() == PaymentState.REFUNDED);
            if (!paid) {
                throw new PaymentException("payment " + r.paymentId() + " is not paid", false, null);
            }
            long committed = ledger.refunds.values().stream()
                    .filter(x -> x.paymentId().equals(p.id()) && x.state() != RefundState.FAILED).mapToLong(Ref::amount)
                    .sum();
            if (r.refundMinor() > p.amount() - committed) {
                throw new PaymentException("refund exceeds what is left of payment " + p.id(), false, null);
            }
            Ref ref = new Ref(r.refundId(), p.id(), r.refundMinor(), RefundState.PROCESSING, null);
            ledger.save(ref);
            if (settings.autoSettleRefunds()) {
                scheduler.execute(() -> settleRefund(ref.id()));
            }
            return refundStatus(ref);
        });
    }

    private static RefundStatus refundStatus(Ref r) {
        return new RefundStatus(r.id(), r.paymentId(), r.state(), r.amount(), r.succeededAt());
    }

    @Override
    public RefundStatus queryRefund(String refundId) {
        return flaky("refund query", () -> {
            Ref r = ledger.refunds.get(refundId);
            return r == null ? new RefundStatus(refundId, null, RefundState.NOT_FOUND, 0, null) : refundStatus(r);
        });
    }

    @Override
    public Notification parseNotification(Map<String, String> headers, byte[] body) {
        signature.verify(headers, body, clock.instant(), settings.tolerance());
        try {
            Map<String, String> f = Form.decode(new String(body, StandardCharsets.UTF_8));
            String id = f.get("id");
            Instant created = Instant.parse(f.get("created"));
            if ("refund".equals(f.get("type"))) {
                return new Notification(id, created, null,
                        new RefundStatus(f.get("refundId"), f.get("paymentId"), RefundState.valueOf(f.get("state")),
                                Long.parseLong(f.get("amount")),
                                f.get("succeededAt") == null ? null : Instant.parse(f.get("succeededAt"))));
            }
            return new Notification(id, created,
                    new PaymentStatus(f.get("paymentId"), PaymentState.valueOf(f.get("state")), f.get("transactionId"),
                            Long.parseLong(f.get("amount")), f.get("currency"),
                            f.get("paidAt") == null ? null : Instant.parse(f.get("paidAt"))),
                    null);
        } catch (RuntimeException e) {
            throw new NotificationRejected("malformed sandbox notification: " + e.getMessage(), e);
        }
    }

    // ---- the payer's side and the provider's back office ----

    /** What the payment page shows. */
    public record PageView(String paymentId, long amountMinor, String currency, String description, PaymentState state,
            Instant expiresAt) {
    }

    /** The payment page's view of a payment, or empty when the sandbox does not know it. */
    public synchronized Optional<PageView> page(String paymentId) {
        return Optional.ofNullable(expireIfDue(ledger.payments.get(paymentId)))
                .map(p -> new PageView(p.id(), p.amount(), p.currency(), p.description(), p.state(), p.expiresAt()));
    }

    /**
     * The payer pays ({@code success}) or the attempt fails for good; the provider then notifies. Returns false when
     * the payment is unknown or no longer pending (already paid, failed, closed or expired).
     */
    public synchronized boolean complete(String paymentId, boolean success) {
        Pay p = expireIfDue(ledger.payments.get(paymentId));
        if (p == null || p.state() != PaymentState.PENDING) {
            return false;
        }
        Instant now = clock.instant();
        Pay after = success ? p.with(PaymentState.PAID, "sbx" + Long.toString(now.toEpochMilli(), 36) + p.id(), now, 0)
                : p.with(PaymentState.FAILED, null, null, 0);
        ledger.save(after);
        notifyPayment(after);
        return true;
    }

    /** Completes a processing refund and notifies; false when it is unknown or not processing. */
    public synchronized boolean settleRefund(String refundId) {
        Ref r = ledger.refunds.get(refundId);
        if (r == null || r.state() != RefundState.PROCESSING) {
            return false;
        }
        Instant now = clock.instant();
        Ref done = new Ref(r.id(), r.paymentId(), r.amount(), RefundState.SUCCEEDED, now);
        ledger.save(done);
        Pay p = ledger.payments.get(r.paymentId());
        ledger.save(p.with(PaymentState.REFUNDED, p.transactionId(), p.paidAt(), p.refunded() + r.amount()));
        Map<String, String> f = new LinkedHashMap<>();
        f.put("type", "refund");
        f.put("paymentId", p.id());
        f.put("refundId", done.id());
        f.put("state", done.state().name());
        f.put("amount", Long.toString(done.amount()));
        f.put("currency", p.currency());
        f.put("succeededAt", now.toString());
        send(done.id(), p.notifyUrl(), f);
        return true;
    }

    /** Sends the newest notification about a payment or refund again, unchanged; false when there is none. */
    public synchronized boolean redeliver(String paymentOrRefundId) {
        Optional<Note> n = ledger.latestNote(paymentOrRefundId);
        n.ifPresent(note -> deliver(note, 0, Duration.ZERO));
        return n.isPresent();
    }

    private void notifyPayment(Pay p) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("type", "payment");
        f.put("paymentId", p.id());
        f.put("state", p.state().name());
        f.put("amount", Long.toString(p.amount()));
        f.put("currency", p.currency());
        f.put("transactionId", p.transactionId());
        f.put("paidAt", p.paidAt() == null ? null : p.paidAt().toString());
        send(p.id(), p.notifyUrl(), f);
    }

    private void send(String target, String notifyUrl, Map<String, String> fields) {
        Map<String, String> f = new LinkedHashMap<>();
        sequence++;
        f.put("id", "ntf" + Long.toString(clock.instant().toEpochMilli(), 36) + "x" + sequence);
        f.put("created", clock.instant().toString());
        f.putAll(fields);
        Note n = new Note(f.get("id"), target, notifyUrl, Form.encode(f), false);
        ledger.save(n);
        for (int i = 0; i <= settings.duplicates(); i++) {
            deliver(n, 0, jitter());
        }
    }

    private Duration jitter() {
        long max = settings.maxNotifyDelay().toMillis();
        return max == 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(max + 1));
    }

    private void deliver(Note n, int attempt, Duration delay) {
        if (n.notifyUrl() == null || scheduler.isShutdown()) {
            return;
        }
        ScheduledFuture<?> unused = scheduler.schedule(() -> post(n, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void post(Note n, int attempt) {
        byte[] body = n.body().getBytes(StandardCharsets.UTF_8);
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(n.notifyUrl())).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header(SandboxSignature.HEADER, signature.sign(body, clock.instant()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "sandbox notify URL " + n.notifyUrl() + " is invalid: " + e);
            return;
        }
        CompletableFuture<?> unused = http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        synchronized (this) {
                            Note current = ledger.notes.get(n.id());
                            if (current != null && !current.delivered()) {
                                ledger.save(new Note(n.id(), n.target(), n.notifyUrl(), n.body(), true));
                            }
                        }
                    } else {
                        long backoff = Math.min(MAX_BACKOFF.toMillis(), 200L << Math.min(attempt, 10));
                        deliver(n, attempt + 1, Duration.ofMillis(backoff));
                    }
                });
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        synchronized (this) {
            ledger.close();
        }
        http.close();
    }
}
