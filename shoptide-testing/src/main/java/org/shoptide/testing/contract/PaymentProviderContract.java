package org.shoptide.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shoptide.core.port.PaymentProvider;
import org.shoptide.core.port.PaymentProvider.Channel;
import org.shoptide.core.port.PaymentProvider.Notification;
import org.shoptide.core.port.PaymentProvider.NotificationRejected;
import org.shoptide.core.port.PaymentProvider.PaymentException;
import org.shoptide.core.port.PaymentProvider.PaymentState;
import org.shoptide.core.port.PaymentProvider.PaymentStatus;
import org.shoptide.core.port.PaymentProvider.Prepay;
import org.shoptide.core.port.PaymentProvider.PrepayRequest;
import org.shoptide.core.port.PaymentProvider.RefundRequest;
import org.shoptide.core.port.PaymentProvider.RefundState;
import org.shoptide.core.port.PaymentProvider.RefundStatus;

/**
 * Contract of {@link PaymentProvider}. A subclass supplies the adapter under test and an {@link OutsideWorld} that
 * plays the payer and the provider's back office (a fake provider server, or the sandbox itself). The suite starts a
 * local HTTP server as the {@code notifyUrl} of every payment; the provider's notifications arrive there and are fed
 * back to {@link PaymentProvider#parseNotification} exactly as delivered (headers as the JDK server names them, so
 * adapters must match header names case-insensitively).
 * <p>
 * Behaviour pinned here beyond the port's javadoc: a prepay for a {@code paymentId} that is already paid throws a
 * non-retryable {@link PaymentException} (the caller queries instead of retrying); a refund beyond what is left of the
 * payment throws a non-retryable one; closing a closed payment succeeds; closing a paid one throws a non-retryable one.
 * Amounts are drawn at random per test (the seed is printed) so no adapter can pass on constants.
 */
public abstract class PaymentProviderContract {

    /**
     * The world outside the adapter: the payer's device and the provider's back office. Every method acts on the
     * provider's side only; the adapter learns of it through notifications and queries.
     */
    public interface OutsideWorld {

        /** The payer pays the full amount of a pending payment; the provider then notifies its notify URL. */
        void pay(String paymentId);

        /** The payer's attempt fails for good (e.g. the bank declines); no notification is required. */
        void fail(String paymentId);

        /** The provider completes a refund it accepted and notifies the payment's notify URL. */
        void settleRefund(String refundId);

        /** The provider sends its latest notification about this payment or refund id again, unchanged. */
        void redeliver(String paymentOrRefundId);

        /**
         * Returns a copy of delivered notification headers whose signature is valid in form but made with a key that is
         * not the provider's.
         */
        Map<String, String> forgeSignature(Map<String, String> headers, byte[] body);

        /** Moves the clock the adapter checks notification timestamps against (negative moves it back). */
        void advanceAdapterClock(Duration by);
    }

    /** A notification as it reached the notify URL. */
    public record Delivery(String path, Map<String, String> headers, byte[] body) {
    }

    /** Returns the adapter under test, talking to the world {@link #world()} drives. Called once per test, lazily. */
    protected abstract PaymentProvider provider();

    /** Returns the outside world of {@link #provider()}. */
    protected abstract OutsideWorld world();

    /** The currency the provider accepts (ISO 4217). */
    protected abstract String currency();

    /** The channel payments in this suite use; defaults to the first one of {@link #channels()}. */
    protected Channel channel() {
        return channels().get(0);
    }

    /** The channels the adapter supports; each gets its own prepay check. */
    protected abstract List<Channel> channels();

    /** The payer id for {@link Channel#JSAPI} prepays (WeChat openid); ignored by other channels. */
    protected String payerId() {
        return "payer-openid-1";
    }

    /** How long to wait for a notification to arrive. */
    protected Duration notificationWait() {
        return Duration.ofSeconds(10);
    }

    private HttpServer captureServer;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();
    private PaymentProvider adapter;
    private SplittableRandom random;

    @BeforeEach
    final void startCaptureServer() throws IOException {
        long seed = System.nanoTime();
        System.out.println(getClass().getSimpleName() + " amounts seed " + seed);
        random = new SplittableRandom(seed);
        captureServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        captureServer.createContext("/notify", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
                deliveries.add(new Delivery(exchange.getRequestURI().getPath(), headers, in.readAllBytes()));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        captureServer.start();
    }

    @AfterEach
    final void stopCaptureServer() {
        captureServer.stop(0);
    }

    /** The adapter of this test, from {@link #provider()} on first use (after every {@code @BeforeEach}). */
    private PaymentProvider adapter() {
        if (adapter == null) {
            adapter = provider();
        }
        return adapter;
    }

    /** The notify URL of this test's capture server. */
    protected final String notifyUrl() {
        return "http://127.0.0.1:" + captureServer.getAddress().getPort() + "/notify";
    }

    /** The next notification to arrive, failing the test after {@link #notificationWait()}. */
    protected final Delivery nextDelivery() {
        try {
            Delivery d = deliveries.poll(notificationWait().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(d).as("a notification within %s", notificationWait()).isNotNull();
            return d;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a notification", e);
        }
    }

    /** Asserts that no further notification arrives within a short while. */
    protected final void assertNoMoreDeliveries() throws InterruptedException {
        assertThat(deliveries.poll(300, TimeUnit.MILLISECONDS)).as("an unexpected extra notification").isNull();
    }

    protected final String newPaymentId() {
        byte[] b = new byte[10];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return "ct" + HexFormat.of().formatHex(b);
    }

    protected final long randomAmount() {
        return 1 + random.nextLong(999_999);
    }

    protected final PrepayRequest request(String paymentId, long amount, Channel channel) {
        return new PrepayRequest(paymentId, "Contract order " + paymentId, amount, currency(), channel,
                channel == Channel.JSAPI ? payerId() : null, Instant.now().plus(Duration.ofMinutes(30)), notifyUrl());
    }

    protected final PrepayRequest request(String paymentId, long amount) {
        return request(paymentId, amount, channel());
    }

    private Notification parse(Delivery d) {
        return adapter().parseNotification(d.headers(), d.body());
    }

    private Notification payAndParse(String paymentId, long amount) {
        adapter().prepay(request(paymentId, amount));
        world().pay(paymentId);
        return parse(nextDelivery());
    }

    /** The part of a prepay that identifies the provider-side payment, per channel. */
    private static String handle(Prepay prepay, Channel channel) {
        return switch (channel) {
            case NATIVE -> prepay.codeUrl();
            case JSAPI -> prepay.clientParams().get("package");
            case PAGE -> prepay.redirectUrl();
        };
    }

    @Test
    void prepayReturnsWhatItsChannelNeeds() {
        for (Channel channel : channels()) {
            String id = newPaymentId();
            Prepay prepay = adapter().prepay(request(id, randomAmount(), channel));
            assertThat(prepay.paymentId()).isEqualTo(id);
            switch (channel) {
                case NATIVE -> {
                    assertThat(prepay.codeUrl()).as("Native code_url").isNotBlank();
                    assertThat(prepay.redirectUrl()).isNull();
                }
                case JSAPI -> {
                    assertThat(prepay.clientParams()).containsOnlyKeys("appId", "timeStamp", "nonceStr", "package",
                            "signType", "paySign");
                    assertThat(prepay.clientParams().get("package")).startsWith("prepay_id=").hasSizeGreaterThan(10);
                    assertThat(prepay.clientParams().get("paySign")).isNotBlank();
                    assertThat(prepay.codeUrl()).isNull();
                }
                case PAGE -> {
                    assertThat(prepay.redirectUrl()).as("payment page").isNotBlank();
                    assertThat(prepay.codeUrl()).isNull();
                }
            }
        }
    }

    @Test
    void prepayTwiceWithTheSameIdAndAmountIsOnePaymentChargedOnce() throws InterruptedException {
        String id = newPaymentId();
        long amount = randomAmount();
        Prepay first = adapter().prepay(request(id, amount));
        Prepay second = adapter().prepay(request(id, amount));
        assertThat(second.paymentId()).isEqualTo(id);
        assertThat(handle(second, channel())).isEqualTo(handle(first, channel()));
        world().pay(id);
        Notification n = parse(nextDelivery());
        assertThat(n.payment().amountMinor()).isEqualTo(amount);
        assertNoMoreDeliveries();
        assertThat(adapter().query(id).amountMinor()).isEqualTo(amount);
        assertThatThrownBy(() -> adapter().prepay(request(id, amount))).as("prepay of a paid payment")
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(adapter().query(id).state()).isEqualTo(PaymentState.PAID);
    }

    @Test
    void queryBeforeAndAfterPaying() {
        assertThat(adapter().query(newPaymentId()).state()).isEqualTo(PaymentState.NOT_FOUND);
        String id = newPaymentId();
        long amount = randomAmount();
        adapter().prepay(request(id, amount));
        PaymentStatus pending = adapter().query(id);
        assertThat(pending.paymentId()).isEqualTo(id);
        assertThat(pending.state()).isEqualTo(PaymentState.PENDING);
        assertThat(pending.transactionId()).isNull();
        assertThat(pending.paidAt()).isNull();
        world().pay(id);
        nextDelivery();
        PaymentStatus paid = adapter().query(id);
        assertThat(paid.state()).isEqualTo(PaymentState.PAID);
        assertThat(paid.amountMinor()).isEqualTo(amount);
        assertThat(paid.currency()).isEqualTo(currency());
        assertThat(paid.transactionId()).isNotBlank();
        assertThat(paid.paidAt()).isNotNull();
    }

    @Test
    void aFailedAttemptIsReportedFailed() {
        String id = newPaymentId();
        adapter().prepay(request(id, randomAmount()));
        world().fail(id);
        assertThat(adapter().query(id).state()).isEqualTo(PaymentState.FAILED);
    }

    @Test
    void paidNotificationCarriesAmountCurrencyAndTransactionId() {
        String id = newPaymentId();
        long amount = randomAmount();
        Notification n = payAndParse(id, amount);
        assertThat(n.notificationId()).isNotBlank();
        assertThat(n.createdAt()).isNotNull();
        assertThat(n.refund()).isNull();
        PaymentStatus p = n.payment();
        assertThat(p.paymentId()).isEqualTo(id);
        assertThat(p.state()).isEqualTo(PaymentState.PAID);
        assertThat(p.amountMinor()).isEqualTo(amount);
        assertThat(p.currency()).isEqualTo(currency());
        assertThat(p.transactionId()).isNotBlank().isEqualTo(adapter().query(id).transactionId());
        assertThat(p.paidAt()).isNotNull();
    }

    @Test
    void tamperedBodyIsRejected() {
        String id = newPaymentId();
        adapter().prepay(request(id, randomAmount()));
        world().pay(id);
        Delivery d = nextDelivery();
        byte[] body = d.body().clone();
        int at = body.length / 2;
        body[at] = (byte) (body[at] == 'A' ? 'B' : 'A');
        assertThatThrownBy(() -> adapter().parseNotification(d.headers(), body))
                .isInstanceOf(NotificationRejected.class);
        byte[] longer = (new String(d.body(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> adapter().parseNotification(d.headers(), longer))
                .isInstanceOf(NotificationRejected.class);
        assertThat(parse(d).payment().paymentId()).as("the untouched notification still verifies").isEqualTo(id);
    }

    @Test
    void forgedOrMissingSignatureIsRejected() {
        String id = newPaymentId();
        adapter().prepay(request(id, randomAmount()));
        world().pay(id);
        Delivery d = nextDelivery();
        assertThatThrownBy(() -> adapter().parseNotification(world().forgeSignature(d.headers(), d.body()), d.body()))
                .isInstanceOf(NotificationRejected.class);
        assertThatThrownBy(() -> adapter().parseNotification(Map.of(), d.body()))
                .isInstanceOf(NotificationRejected.class);
        assertThatThrownBy(() -> adapter().parseNotification(d.headers(), new byte[0]))
                .isInstanceOf(NotificationRejected.class);
    }

    @Test
    void staleOrFutureTimestampIsRejected() {
        String id = newPaymentId();
        adapter().prepay(request(id, randomAmount()));
        world().pay(id);
        Delivery d = nextDelivery();
        world().advanceAdapterClock(Duration.ofMinutes(10));
        assertThatThrownBy(() -> parse(d)).as("ten minutes old").isInstanceOf(NotificationRejected.class);
        world().advanceAdapterClock(Duration.ofMinutes(-20));
        assertThatThrownBy(() -> parse(d)).as("ten minutes ahead").isInstanceOf(NotificationRejected.class);
        world().advanceAdapterClock(Duration.ofMinutes(10));
        assertThat(parse(d).payment().paymentId()).isEqualTo(id);
    }

    @Test
    void closeAnUnpaidPaymentIsIdempotent() {
        String id = newPaymentId();
        adapter().prepay(request(id, randomAmount()));
        adapter().close(id);
        assertThat(adapter().query(id).state()).isEqualTo(PaymentState.CLOSED);
        adapter().close(id);
        assertThat(adapter().query(id).state()).isEqualTo(PaymentState.CLOSED);
    }

    @Test
    void closeAPaidPaymentThrows() {
        String id = newPaymentId();
        payAndParse(id, randomAmount());
        assertThatThrownBy(() -> adapter().close(id)).isInstanceOfSatisfying(PaymentException.class,
                e -> assertThat(e.retryable()).isFalse());
        assertThat(adapter().query(id).state()).isEqualTo(PaymentState.PAID);
    }

    @Test
    void refundPartThenTheRestOnceEachThenNothingMore() {
        String id = newPaymentId();
        long amount = 2 + random.nextLong(999_998);
        payAndParse(id, amount);
        long part = 1 + random.nextLong(amount - 1);
        String r1 = id + "r1";
        RefundStatus first = adapter().refund(new RefundRequest(id, r1, part, amount, currency(), "contract"));
        assertThat(first.refundId()).isEqualTo(r1);
        assertThat(first.paymentId()).isEqualTo(id);
        assertThat(first.amountMinor()).isEqualTo(part);
        assertThat(first.state()).isIn(RefundState.PROCESSING, RefundState.SUCCEEDED);
        RefundStatus again = adapter().refund(new RefundRequest(id, r1, part, amount, currency(), "contract"));
        assertThat(again.refundId()).isEqualTo(r1);
        assertThat(again.amountMinor()).isEqualTo(part);

        world().settleRefund(r1);
        Notification n1 = parse(nextDelivery());
        assertThat(n1.payment()).isNull();
        assertThat(n1.refund().refundId()).isEqualTo(r1);
        assertThat(n1.refund().paymentId()).isEqualTo(id);
        assertThat(n1.refund().state()).isEqualTo(RefundState.SUCCEEDED);
        assertThat(n1.refund().amountMinor()).isEqualTo(part);
        RefundStatus settled = adapter().queryRefund(r1);
        assertThat(settled.state()).isEqualTo(RefundState.SUCCEEDED);
        assertThat(settled.amountMinor()).isEqualTo(part);
        assertThat(settled.succeededAt()).isNotNull();
        assertThat(adapter().query(id).state()).isEqualTo(PaymentState.REFUNDED);

        String r2 = id + "r2";
        RefundStatus rest = adapter().refund(new RefundRequest(id, r2, amount - part, amount, currency(), "rest"));
        assertThat(rest.amountMinor()).isEqualTo(amount - part);
        assertThatThrownBy(() -> adapter().refund(new RefundRequest(id, id + "r3", 1, amount, currency(), "more")))
                .as("refund beyond the paid amount")
                .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(adapter().queryRefund(id + "r3").state()).isEqualTo(RefundState.NOT_FOUND);
    }

    @Test
    void refundOfMoreThanPaidIsRefused() {
        String id = newPaymentId();
        long amount = randomAmount();
        payAndParse(id, amount);
        assertThatThrownBy(
                () -> adapter().refund(new RefundRequest(id, id + "x", amount + 1, amount + 1, currency(), "too much")))
                        .isInstanceOfSatisfying(PaymentException.class, e -> assertThat(e.retryable()).isFalse());
        assertThat(adapter().queryRefund(id + "x").state()).isEqualTo(RefundState.NOT_FOUND);
        assertThat(adapter().queryRefund(newPaymentId()).state()).isEqualTo(RefundState.NOT_FOUND);
    }

    @Test
    void notificationIdsAreUniquePerNotificationAndStableAcrossRedelivery() {
        String a = newPaymentId();
        String b = newPaymentId();
        Notification na = payAndParse(a, randomAmount());
        Notification nb = payAndParse(b, randomAmount());
        assertThat(na.notificationId()).isNotEqualTo(nb.notificationId());
        world().redeliver(a);
        Notification again = parse(nextDelivery());
        assertThat(again.notificationId()).isEqualTo(na.notificationId());
        assertThat(again.payment()).isEqualTo(na.payment());

        long amount = na.payment().amountMinor();
        String r = a + "r";
        adapter().refund(new RefundRequest(a, r, amount, amount, currency(), "all"));
        world().settleRefund(r);
        Notification refunded = parse(nextDelivery());
        assertThat(refunded.notificationId()).isNotIn(na.notificationId(), nb.notificationId());
        world().redeliver(r);
        assertThat(parse(nextDelivery()).notificationId()).isEqualTo(refunded.notificationId());
    }
}
